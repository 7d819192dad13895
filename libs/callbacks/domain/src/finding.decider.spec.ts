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
