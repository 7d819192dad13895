import { spec } from '@fd/kernel/testing';
import { MerchantEvent, assertNotSuspended, isSuspended, merchantDecider, merchantNumber } from './merchant.decider';

// 2026-10-05 10:00 in Shanghai
const now = new Date('2026-10-05T02:00:00Z');
const registered: MerchantEvent = {
  type: 'MerchantRegistered',
  data: { merchantId: 'm1', name: '美家地板', stall: 'A-101', category: 'flooring', registeredAt: now.toISOString(), number: 'M-0007' },
};
const suspended = (caseId: string, until: string): MerchantEvent => ({
  type: 'MerchantSuspended',
  data: { merchantId: 'm1', caseId, until },
});

describe('merchant decider', () => {
  const merchant = spec(merchantDecider);

  it('registerMerchant_recordsTheMerchant', () => {
    merchant
      .given([])
      .when({ type: 'RegisterMerchant', merchantId: 'm1', name: '美家地板', stall: 'A-101', category: 'flooring', number: 'M-0007', now })
      .then([registered]);
  });

  it('registerMerchant_repeated_changesNothing', () => {
    merchant
      .given([registered])
      // a retry took another number of the sequence: the merchant keeps its first
      .when({ type: 'RegisterMerchant', merchantId: 'm1', name: '美家地板', stall: 'A-101', category: 'flooring', number: 'M-0008', now })
      .thenNothingHappened();
  });

  it('registerMerchant_sameIdOtherDetails_isRefused', () => {
    merchant
      .given([registered])
      .when({ type: 'RegisterMerchant', merchantId: 'm1', name: 'Other', stall: 'B-2', category: 'tiles', number: 'M-0009', now })
      .thenThrows('MERCHANT_ALREADY_REGISTERED');
  });

  it('merchantNumber_isShortAndInOrder', () => {
    expect([1, 42, 9999, 10000].map(merchantNumber)).toEqual(['M-0001', 'M-0042', 'M-9999', 'M-10000']);
  });

  it('aMerchantRegisteredBeforeNumbers_getsItsNumberOnce', () => {
    const before: MerchantEvent = { type: 'MerchantRegistered', data: { ...registered.data, number: undefined } };
    const numbered = (number: string): MerchantEvent => ({ type: 'MerchantNumbered', data: { merchantId: 'm1', number } });
    const state = [before, numbered('M-0001'), numbered('M-0002')].reduce(merchantDecider.evolve, merchantDecider.initialState());
    expect(state).toMatchObject({ status: 'registered', number: 'M-0001' });
  });

  it('suspendMerchant_recordsTheSuspension', () => {
    merchant
      .given([registered])
      .when({ type: 'SuspendMerchant', merchantId: 'm1', caseId: 'case-1', until: '2026-10-20', now })
      .then([suspended('case-1', '2026-10-20')]);
  });

  it('suspendMerchant_sameCaseAgain_changesNothing', () => {
    merchant
      .given([registered, suspended('case-1', '2026-10-20')])
      .when({ type: 'SuspendMerchant', merchantId: 'm1', caseId: 'case-1', until: '2026-10-20', now })
      .thenNothingHappened();
  });

  it('suspendMerchant_unknownMerchant_isNotFound', () => {
    merchant
      .given([])
      .when({ type: 'SuspendMerchant', merchantId: 'm1', caseId: 'case-1', until: '2026-10-20', now })
      .thenThrows('MERCHANT_NOT_FOUND');
  });

  it('aShorterSuspensionDecidedLater_doesNotCutTheLongerOneShort', () => {
    const state = [registered, suspended('case-1', '2026-10-20'), suspended('case-2', '2026-10-10')].reduce(
      merchantDecider.evolve,
      merchantDecider.initialState(),
    );
    expect(state).toMatchObject({ status: 'registered', suspendedUntil: '2026-10-20', suspensionCases: ['case-1', 'case-2'] });
  });

  it('aSuspension_holdsThroughItsLastDayInTheMallTimeZone', () => {
    expect(isSuspended('2026-10-20', new Date('2026-10-20T15:59:59Z'), 'Asia/Shanghai')).toBe(true); // 23:59:59 in Shanghai
    expect(isSuspended('2026-10-20', new Date('2026-10-20T16:00:00Z'), 'Asia/Shanghai')).toBe(false); // 21 October has begun
    expect(isSuspended(null, now, 'Asia/Shanghai')).toBe(false);
  });

  it('aSuspension_holdsThroughItsLastDayInThePolicysTimeZone', () => {
    const zoneBoundary = new Date('2026-10-12T16:30:00Z'); // 13 October in Shanghai, still 12 October in London
    expect(isSuspended('2026-10-12', zoneBoundary, 'Europe/London')).toBe(true);
    expect(isSuspended('2026-10-12', zoneBoundary, 'Asia/Shanghai')).toBe(false);
    const merchant = { id: 'm1', name: '美家地板', suspendedUntil: '2026-10-12' };
    expect(() => assertNotSuspended(merchant, zoneBoundary, 'Europe/London')).toThrow(
      expect.objectContaining({ code: 'MERCHANT_SUSPENDED' }),
    );
    expect(() => assertNotSuspended(merchant, zoneBoundary, 'Asia/Shanghai')).not.toThrow();
  });

  it('assertNotSuspended_namesTheLastDayInTheRefusal', () => {
    expect(() => assertNotSuspended({ id: 'm1', name: '美家地板', suspendedUntil: '2026-10-20' }, now, 'Asia/Shanghai')).toThrow(
      /2026-10-20/,
    );
    expect(() => assertNotSuspended({ id: 'm1', name: '美家地板', suspendedUntil: '2026-10-04' }, now, 'Asia/Shanghai')).not.toThrow();
  });
});
