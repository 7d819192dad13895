import { spec } from '@fd/kernel/testing';
import { DEFAULT_TIME_ZONE } from '@fd/kernel';
import { FindingCommand, FindingEvent, findingDecider } from './finding.decider';

const now = new Date('2026-10-11T16:30:00.000Z'); // already 2026-10-12 00:30 in the mall

const record = (over: Partial<Extract<FindingCommand, { type: 'RecordFinding' }>> = {}): FindingCommand => ({
  type: 'RecordFinding',
  findingId: 'fd-1',
  merchantId: 'm1',
  kind: 'service_without_form',
  note: 'installation seen on inspection, no form issued',
  now,
  timeZone: DEFAULT_TIME_ZONE,
  ...over,
});

const recorded = (over: Partial<FindingEvent['data']> = {}): FindingEvent => ({
  type: 'FindingRecorded',
  data: {
    findingId: 'fd-1',
    merchantId: 'm1',
    kind: 'service_without_form',
    note: 'installation seen on inspection, no form issued',
    recordedOn: '2026-10-12',
    recordedAt: now.toISOString(),
    ...over,
  },
});

describe('recording a finding', () => {
  it('recordFinding_isDatedTodayInTheMallsTimeZone', () => {
    spec(findingDecider).given([]).when(record()).then([recorded()]);
  });

  it('recordFinding_keepsTheServiceDateAndPurchase', () => {
    spec(findingDecider)
      .given([])
      .when(record({ servicedOn: '2026-10-12', purchaseId: 'p-7' }))
      .then([recorded({ servicedOn: '2026-10-12', purchaseId: 'p-7' })]);
  });

  it('recordFinding_withAServiceDateInTheFuture_isRefused', () => {
    spec(findingDecider)
      .given([])
      .when(record({ servicedOn: '2026-10-13' }))
      .thenThrows('VALIDATION_FAILED');
  });

  it('recordFinding_withAnImpossibleServiceDate_isRefused', () => {
    spec(findingDecider)
      .given([])
      .when(record({ servicedOn: '2026-09-31' }))
      .thenThrows('VALIDATION_FAILED');
  });

  it('recordFinding_again_recordsNothingMore', () => {
    spec(findingDecider).given([recorded()]).when(record()).thenNothingHappened();
  });
});

describe('a purchase kept from the desk (docs/rules.md#purchase-kept-from-the-desk-未登記購買)', () => {
  const keptFromDesk = { kind: 'purchase_not_registered', note: 'KFR-35 air conditioner sold with no card' } as const;

  it('exampleU1_recordsTheDayOfTheSale', () => {
    spec(findingDecider)
      .given([])
      .when(record({ ...keptFromDesk, purchasedOn: '2026-10-01' }))
      .then([recorded({ ...keptFromDesk, purchasedOn: '2026-10-01' })]);
  });

  it('exampleU2_aSaleOfUnknownDate_isDatedByTheFinding', () => {
    spec(findingDecider)
      .given([])
      .when(record(keptFromDesk))
      .then([recorded(keptFromDesk)]);
  });

  it.each([
    ['purchaseId', 'p-7'],
    ['cardNo', 'SC00000042'],
    ['serial', 'FD00000001'],
    ['servicedOn', '2026-10-01'],
  ])('exampleU1_namingA_%s_isRefused', (field, value) => {
    expect(() => findingDecider.decide(record({ ...keptFromDesk, [field]: value }), findingDecider.initialState())).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field })] }),
    );
  });

  it('aSaleAfterToday_isRefused', () => {
    spec(findingDecider)
      .given([])
      .when(record({ ...keptFromDesk, purchasedOn: '2026-10-13' }))
      .thenThrows('VALIDATION_FAILED');
  });

  it('aServiceWithoutForm_datedByPurchasedOn_isRefused', () => {
    spec(findingDecider)
      .given([])
      .when(record({ purchasedOn: '2026-10-01' }))
      .thenThrows('VALIDATION_FAILED');
  });
});
