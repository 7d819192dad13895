import { spec } from '@fd/kernel/testing';
import { factLedger, factStream, UpstreamFact } from './facts';

const overdue: UpstreamFact = {
  type: 'FormOverdue',
  data: { serial: 'FD1', merchantId: 'm1', plannedDate: '2026-10-05', dueDate: '2026-10-12' },
};

describe('the local log of upstream facts', () => {
  it('recordFact_thatIsNew_isRecorded', () => spec(factLedger).given([]).when({ type: 'RecordFact', fact: overdue }).then([overdue]));

  it('recordFact_announcedAgain_isRecordedOnce_whateverTheKeyOrder', () => {
    const reordered: UpstreamFact = {
      type: 'FormOverdue',
      data: { dueDate: '2026-10-12', plannedDate: '2026-10-05', merchantId: 'm1', serial: 'FD1' },
    };
    spec(factLedger).given([overdue]).when({ type: 'RecordFact', fact: reordered }).thenNothingHappened();
  });

  it('recordFact_withOtherContent_isRecorded', () => {
    const later: UpstreamFact = { type: 'FormOverdue', data: { ...overdue.data, plannedDate: '2026-11-02', dueDate: '2026-11-09' } };
    spec(factLedger).given([overdue]).when({ type: 'RecordFact', fact: later }).then([later]);
  });

  it('factStream_isOnePerFormFindingAndMerchant', () => {
    expect(factStream(overdue)).toEqual({ streamId: 'form-FD1', streamType: 'form' });
    expect(
      factStream({
        type: 'FindingRecorded',
        data: { findingId: 'x', merchantId: 'm1', kind: 'service_without_form', note: '', recordedOn: '2026-10-01' },
      }),
    ).toEqual({ streamId: 'finding-x', streamType: 'finding' });
    expect(factStream({ type: 'MerchantRegistered', data: { merchantId: 'm1', name: 'n', stall: 's', category: 'c' } }).streamId).toBe(
      'merchant-m1',
    );
  });
});
