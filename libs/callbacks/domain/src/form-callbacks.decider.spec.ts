import { spec } from '@fd/kernel/testing';
import { DEFAULT_TIME_ZONE } from '@fd/kernel';
import { FormCallbacksCommand, FormCallbacksEvent, formCallbacksDecider } from './form-callbacks.decider';

const now = new Date('2026-10-12T02:00:00.000Z'); // 2026-10-12 10:00 in the mall
const later = new Date('2026-10-13T03:00:00.000Z');
const policy = { version: null, callbackSampleRate: 0.2, timeZone: DEFAULT_TIME_ZONE };
const serial = 'F-2026-000001';
const outsideTheSample = 0.5;

type Filing = Extract<FormCallbacksCommand, { type: 'OpenCallbackForFiling' }>;
type Attempt = Extract<FormCallbacksCommand, { type: 'RecordCallbackAttempt' }>;

const filing = (over: Partial<Filing> = {}): Filing => ({
  type: 'OpenCallbackForFiling',
  callbackId: 'cb-1',
  serial,
  merchantId: 'm1',
  rating: 'satisfied',
  staffCertified: true,
  filedAt: '2026-10-12T01:30:00.000Z',
  upheldForgeriesOn: [],
  samplePoint: outsideTheSample,
  policy,
  now,
  ...over,
});

const overdue = (over: Partial<Extract<FormCallbacksCommand, { type: 'OpenCallbackForOverdue' }>> = {}): FormCallbacksCommand => ({
  type: 'OpenCallbackForOverdue',
  callbackId: 'cb-1',
  serial,
  merchantId: 'm1',
  dueDate: '2026-10-11',
  now,
  ...over,
});

const attempt = (over: Partial<Attempt> = {}): Attempt => ({
  type: 'RecordCallbackAttempt',
  callbackId: 'cb-1',
  formFiled: true,
  outcome: 'confirmed',
  now: later,
  timeZone: DEFAULT_TIME_ZONE,
  ...over,
});

const opened = (reason: string, over: Record<string, unknown> = {}): FormCallbacksEvent =>
  ({
    type: 'CallbackOpened',
    data: {
      callbackId: 'cb-1',
      serial,
      merchantId: 'm1',
      reason,
      trigger: 'filed',
      openedAt: now.toISOString(),
      policyVersion: null,
      ...over,
    },
  }) as FormCallbacksEvent;

const openedForOverdue = opened('overdue', { trigger: 'overdue:2026-10-11', policyVersion: undefined });

const recorded = (n: number, outcome: string, over: Record<string, unknown> = {}): FormCallbacksEvent =>
  ({
    type: 'CallbackAttemptRecorded',
    data: { callbackId: 'cb-1', serial, merchantId: 'm1', attempt: n, outcome, at: later.toISOString(), ...over },
  }) as FormCallbacksEvent;

const closed = (result: string): FormCallbacksEvent =>
  ({
    type: 'CallbackClosed',
    data: { callbackId: 'cb-1', serial, merchantId: 'm1', result, closedAt: later.toISOString() },
  }) as FormCallbacksEvent;

describe('opening a callback when a form is filed', () => {
  it('openForFiling_whenUnsatisfied_opensWithReasonUnsatisfied', () => {
    spec(formCallbacksDecider)
      .given([])
      .when(filing({ rating: 'unsatisfied' }))
      .then([opened('unsatisfied')]);
  });

  it('openForFiling_whenStaffUncertified_opensWithReasonUnqualified', () => {
    spec(formCallbacksDecider)
      .given([])
      .when(filing({ staffCertified: false }))
      .then([opened('unqualified')]);
  });

  it('openForFiling_whenUnsatisfiedAndUnqualified_givesTheFirstReasonInOrder', () => {
    spec(formCallbacksDecider)
      .given([])
      .when(filing({ rating: 'unsatisfied', staffCertified: false }))
      .then([opened('unsatisfied')]);
  });

  it('openForFiling_whenTheMerchantHadAnUpheldForgeryWithin90Days_opensWithReasonRecentForgery', () => {
    // filed on 2026-10-12; 90 days before is 2026-07-14 (inclusive)
    spec(formCallbacksDecider)
      .given([])
      .when(filing({ upheldForgeriesOn: ['2026-07-14'] }))
      .then([opened('recent_forgery')]);
    spec(formCallbacksDecider)
      .given([])
      .when(filing({ upheldForgeriesOn: ['2026-10-12'] }))
      .then([opened('recent_forgery')]);
  });

  it('openForFiling_whenTheUpheldForgeryIsOlderThan90DaysOrAfterTheFiling_doesNotCountIt', () => {
    spec(formCallbacksDecider)
      .given([])
      .when(filing({ upheldForgeriesOn: ['2026-07-13', '2026-10-13'] }))
      .thenNothingHappened();
  });

  it('openForFiling_usesTheFilingDateInTheMallsTimeZone', () => {
    // 2026-10-11T17:00Z is already 2026-10-12 01:00 in Shanghai: a forgery decided on the 12th counts
    spec(formCallbacksDecider)
      .given([])
      .when(filing({ filedAt: '2026-10-11T17:00:00.000Z', upheldForgeriesOn: ['2026-10-12'] }))
      .then([opened('recent_forgery')]);
  });

  it('openForFiling_whenSatisfiedAndTheSamplePointIsBelowTheRate_opensWithReasonSample', () => {
    spec(formCallbacksDecider)
      .given([])
      .when(filing({ samplePoint: 0.19 }))
      .then([opened('sample')]);
  });

  it('openForFiling_whenSatisfiedAndTheSamplePointIsAtOrAboveTheRate_opensNothing', () => {
    spec(formCallbacksDecider)
      .given([])
      .when(filing({ samplePoint: 0.2 }))
      .thenNothingHappened();
    spec(formCallbacksDecider).given([]).when(filing()).thenNothingHappened();
  });

  it('openForFiling_atRateZero_samplesNoForm_andAtRateOne_samplesEveryForm', () => {
    const at = (rate: number, samplePoint: number) => filing({ samplePoint, policy: { ...policy, callbackSampleRate: rate } });
    spec(formCallbacksDecider).given([]).when(at(0, 0)).thenNothingHappened();
    spec(formCallbacksDecider)
      .given([])
      .when(at(1, 0.999999))
      .then([opened('sample')]);
  });

  it('openForFiling_whenAnEarlierReasonApplies_givesItRatherThanSample', () => {
    spec(formCallbacksDecider)
      .given([])
      .when(filing({ samplePoint: 0, upheldForgeriesOn: ['2026-10-01'] }))
      .then([opened('recent_forgery')]);
  });

  it('openForFiling_recordsThePolicyVersionItUsed', () => {
    spec(formCallbacksDecider)
      .given([])
      .when(filing({ samplePoint: 0.1, policy: { ...policy, version: 4 } }))
      .then([opened('sample', { policyVersion: 4 })]);
  });

  it('openForFiling_deliveredAgain_opensNothing', () => {
    spec(formCallbacksDecider)
      .given([opened('unsatisfied')])
      .when(filing({ rating: 'unsatisfied', callbackId: 'cb-2' }))
      .thenNothingHappened();
  });

  it('openForFiling_afterItsTaskClosed_opensNothingAgain', () => {
    spec(formCallbacksDecider)
      .given([opened('unsatisfied'), recorded(1, 'confirmed'), closed('confirmed')])
      .when(filing({ rating: 'unsatisfied', callbackId: 'cb-2' }))
      .thenNothingHappened();
  });

  it('openForFiling_whileAnOverdueTaskIsOpen_addsNothing', () => {
    spec(formCallbacksDecider)
      .given([openedForOverdue])
      .when(filing({ rating: 'unsatisfied', callbackId: 'cb-2' }))
      .thenNothingHappened();
  });
});

describe('opening a callback when a form falls overdue', () => {
  it('openForOverdue_opensWithReasonOverdue', () => {
    spec(formCallbacksDecider).given([]).when(overdue()).then([openedForOverdue]);
  });

  it('openForOverdue_deliveredAgain_opensNothing', () => {
    spec(formCallbacksDecider)
      .given([openedForOverdue])
      .when(overdue({ callbackId: 'cb-2' }))
      .thenNothingHappened();
  });

  it('openForOverdue_whileAnotherTaskIsOpen_addsNothing', () => {
    spec(formCallbacksDecider)
      .given([opened('sample')])
      .when(overdue({ callbackId: 'cb-2' }))
      .thenNothingHappened();
  });

  it('openForOverdue_onANewDueDateAfterTheFirstTaskClosed_opensASecondTask', () => {
    spec(formCallbacksDecider)
      .given([openedForOverdue, recorded(1, 'not_performed', { newPlannedDate: '2026-10-20' }), closed('not_performed')])
      .when(overdue({ callbackId: 'cb-2', dueDate: '2026-10-27' }))
      .then([
        {
          type: 'CallbackOpened',
          data: {
            callbackId: 'cb-2',
            serial,
            merchantId: 'm1',
            reason: 'overdue',
            trigger: 'overdue:2026-10-27',
            openedAt: now.toISOString(),
          },
        },
      ]);
  });
});

describe('recording a callback attempt', () => {
  it('recordAttempt_confirmed_recordsItAndClosesTheTask', () => {
    spec(formCallbacksDecider)
      .given([opened('sample')])
      .when(attempt())
      .then([recorded(1, 'confirmed'), closed('confirmed')]);
  });

  it('recordAttempt_keepsTheClerksNote', () => {
    spec(formCallbacksDecider)
      .given([opened('sample')])
      .when(attempt({ note: 'spoke to Mrs Wang' }))
      .then([recorded(1, 'confirmed', { note: 'spoke to Mrs Wang' }), closed('confirmed')]);
  });

  it('recordAttempt_ratingDisputedWithTheCustomersRating_recordsTheRatingAndCloses', () => {
    spec(formCallbacksDecider)
      .given([opened('sample')])
      .when(attempt({ outcome: 'rating_disputed', reportedRating: 'unsatisfied' }))
      .then([recorded(1, 'rating_disputed', { reportedRating: 'unsatisfied' }), closed('rating_disputed')]);
  });

  it('recordAttempt_ratingDisputedWithoutReportedRating_isRefused', () => {
    spec(formCallbacksDecider)
      .given([opened('sample')])
      .when(attempt({ outcome: 'rating_disputed' }))
      .thenThrows('VALIDATION_FAILED');
  });

  it('recordAttempt_reportedRatingWithAnotherOutcome_isRefused', () => {
    spec(formCallbacksDecider)
      .given([opened('sample')])
      .when(attempt({ reportedRating: 'satisfied' }))
      .thenThrows('VALIDATION_FAILED');
  });

  it('recordAttempt_signatureDeniedAndNoForm_closeTheTaskWithThatResult', () => {
    spec(formCallbacksDecider)
      .given([opened('sample')])
      .when(attempt({ outcome: 'signature_denied' }))
      .then([recorded(1, 'signature_denied'), closed('signature_denied')]);
    spec(formCallbacksDecider)
      .given([openedForOverdue])
      .when(attempt({ formFiled: false, outcome: 'no_form' }))
      .then([recorded(1, 'no_form'), closed('no_form')]);
  });

  it('recordAttempt_noFormOnAFiledForm_isRefused_becauseTheFiledFormWouldBeAForgery', () => {
    // a form with the customer's rating came back: if the customer filled none, it is forged, not missing
    spec(formCallbacksDecider)
      .given([opened('sample')])
      .when(attempt({ outcome: 'no_form' }))
      .thenThrows('FORM_ALREADY_FILED');
  });

  it('recordAttempt_notPerformedWithANewPlannedDate_recordsTheDateAndCloses', () => {
    spec(formCallbacksDecider)
      .given([opened('sample')])
      .when(attempt({ formFiled: false, outcome: 'not_performed', newPlannedDate: '2026-10-13' }))
      .then([recorded(1, 'not_performed', { newPlannedDate: '2026-10-13' }), closed('not_performed')]);
  });

  it('recordAttempt_notPerformedWithoutANewPlannedDate_isRefused', () => {
    spec(formCallbacksDecider)
      .given([opened('sample')])
      .when(attempt({ formFiled: false, outcome: 'not_performed' }))
      .thenThrows('VALIDATION_FAILED');
  });

  it('recordAttempt_notPerformedWithANewPlannedDateBeforeTodayInTheMall_isRefused', () => {
    // later = 2026-10-13 11:00 in Shanghai
    spec(formCallbacksDecider)
      .given([opened('sample')])
      .when(attempt({ formFiled: false, outcome: 'not_performed', newPlannedDate: '2026-10-12' }))
      .thenThrows('VALIDATION_FAILED');
  });

  it('recordAttempt_notPerformedWithAnImpossibleDate_isRefused', () => {
    spec(formCallbacksDecider)
      .given([opened('sample')])
      .when(attempt({ formFiled: false, outcome: 'not_performed', newPlannedDate: '2026-02-30' }))
      .thenThrows('VALIDATION_FAILED');
  });

  it('recordAttempt_notPerformedOnAFiledForm_isRefused_becauseTheFormSaysTheServiceWasDone', () => {
    spec(formCallbacksDecider)
      .given([opened('sample')])
      .when(attempt({ outcome: 'not_performed', newPlannedDate: '2026-10-20' }))
      .thenThrows('FORM_ALREADY_FILED');
  });

  it('recordAttempt_ratingDisputedOrSignatureDeniedOnAnUnfiledForm_isRefused', () => {
    spec(formCallbacksDecider)
      .given([openedForOverdue])
      .when(attempt({ formFiled: false, outcome: 'rating_disputed', reportedRating: 'unsatisfied' }))
      .thenThrows('FORM_NOT_FILED');
    spec(formCallbacksDecider)
      .given([openedForOverdue])
      .when(attempt({ formFiled: false, outcome: 'signature_denied' }))
      .thenThrows('FORM_NOT_FILED');
  });

  it('recordAttempt_noFormOrConfirmedOnAnUnfiledForm_isRecorded', () => {
    spec(formCallbacksDecider)
      .given([openedForOverdue])
      .when(attempt({ formFiled: false, outcome: 'no_form' }))
      .then([recorded(1, 'no_form'), closed('no_form')]);
    spec(formCallbacksDecider)
      .given([openedForOverdue])
      .when(attempt({ formFiled: false }))
      .then([recorded(1, 'confirmed'), closed('confirmed')]);
  });

  it('recordAttempt_newPlannedDateWithAnotherOutcome_isRefused', () => {
    spec(formCallbacksDecider)
      .given([opened('sample')])
      .when(attempt({ newPlannedDate: '2026-10-20' }))
      .thenThrows('VALIDATION_FAILED');
  });

  it('recordAttempt_refusalNamesEveryBadField', () => {
    let thrown: unknown;
    try {
      formCallbacksDecider.decide(
        attempt({ outcome: 'unreachable', reportedRating: 'satisfied', newPlannedDate: '2026-10-20' }),
        formCallbacksDecider.evolve(formCallbacksDecider.initialState(), opened('sample')),
      );
    } catch (e) {
      thrown = e;
    }
    expect((thrown as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual(['reportedRating', 'newPlannedDate']);
  });

  it('recordAttempt_unreachable_keepsTheTaskOpen', () => {
    spec(formCallbacksDecider)
      .given([opened('sample')])
      .when(attempt({ outcome: 'unreachable' }))
      .then([recorded(1, 'unreachable')]);
  });

  it('recordAttempt_theThirdUnreachable_closesTheTaskAsUnreachable', () => {
    spec(formCallbacksDecider)
      .given([opened('sample'), recorded(1, 'unreachable'), recorded(2, 'unreachable')])
      .when(attempt({ outcome: 'unreachable' }))
      .then([recorded(3, 'unreachable'), closed('unreachable')]);
  });

  it('recordAttempt_afterTwoUnreachable_aConfirmationIsTheThirdAttempt', () => {
    spec(formCallbacksDecider)
      .given([opened('sample'), recorded(1, 'unreachable'), recorded(2, 'unreachable')])
      .when(attempt())
      .then([recorded(3, 'confirmed'), closed('confirmed')]);
  });

  it('recordAttempt_onAClosedTask_isRefused', () => {
    spec(formCallbacksDecider)
      .given([opened('sample'), recorded(1, 'confirmed'), closed('confirmed')])
      .when(attempt())
      .thenThrows('CALLBACK_CLOSED');
  });

  it('recordAttempt_onATaskClosedAfterThreeUnreachable_isRefused', () => {
    spec(formCallbacksDecider)
      .given([opened('sample'), recorded(1, 'unreachable'), recorded(2, 'unreachable'), recorded(3, 'unreachable'), closed('unreachable')])
      .when(attempt({ outcome: 'unreachable' }))
      .thenThrows('CALLBACK_CLOSED');
  });

  it('recordAttempt_onAnOlderClosedTaskWhileANewerOneIsOpen_isRefused', () => {
    spec(formCallbacksDecider)
      .given([
        openedForOverdue,
        recorded(1, 'not_performed', { newPlannedDate: '2026-10-20' }),
        closed('not_performed'),
        {
          ...openedForOverdue,
          data: { ...openedForOverdue.data, callbackId: 'cb-2', trigger: 'overdue:2026-10-27' },
        } as FormCallbacksEvent,
      ])
      .when(attempt({ callbackId: 'cb-1' }))
      .thenThrows('CALLBACK_CLOSED');
  });

  it('recordAttempt_onAnUnknownCallback_isRefusedAsNotFound', () => {
    spec(formCallbacksDecider).given([]).when(attempt()).thenThrows('CALLBACK_NOT_FOUND');
    spec(formCallbacksDecider)
      .given([opened('sample')])
      .when(attempt({ callbackId: 'cb-9' }))
      .thenThrows('CALLBACK_NOT_FOUND');
  });
});

describe('withdrawing a callback when its form is voided', () => {
  const withdraw: FormCallbacksCommand = { type: 'WithdrawCallbackOfVoidedForm', serial, voidReason: 'the customer cancelled', now: later };

  it('withdraw_whileATaskIsOpen_closesItWithoutACall', () => {
    spec(formCallbacksDecider)
      .given([openedForOverdue, recorded(1, 'unreachable')])
      .when(withdraw)
      .then([
        {
          type: 'CallbackWithdrawn',
          data: { callbackId: 'cb-1', serial, merchantId: 'm1', voidReason: 'the customer cancelled', withdrawnAt: later.toISOString() },
        },
      ]);
  });

  it('withdraw_withNoTaskOpen_doesNothing', () => {
    spec(formCallbacksDecider).given([]).when(withdraw).thenNothingHappened();
    spec(formCallbacksDecider)
      .given([opened('sample'), recorded(1, 'confirmed'), closed('confirmed')])
      .when(withdraw)
      .thenNothingHappened();
  });

  it('recordAttempt_onAWithdrawnTask_isRefused', () => {
    spec(formCallbacksDecider)
      .given([
        openedForOverdue,
        {
          type: 'CallbackWithdrawn',
          data: { callbackId: 'cb-1', serial, merchantId: 'm1', voidReason: 'the customer cancelled', withdrawnAt: later.toISOString() },
        },
      ])
      .when(attempt())
      .thenThrows('CALLBACK_CLOSED');
  });
});

describe('correcting an outcome recorded by mistake (docs/rules.md#7-violations-and-penalty-cases)', () => {
  const correct = (callbackId = 'cb-1'): FormCallbacksCommand => ({
    type: 'CorrectCallbackOutcome',
    callbackId,
    reason: 'the clerk chose the wrong button',
    now: later,
    timeZone: DEFAULT_TIME_ZONE,
  });
  const disputed = [opened('sample'), recorded(1, 'rating_disputed', { reportedRating: 'unsatisfied' }), closed('rating_disputed')];

  it('correctOutcome_ofAClosingThatChangedTheForm_recordsTheCorrectionOfThatAttempt_withTheMallsDate', () => {
    spec(formCallbacksDecider)
      .given(disputed)
      .when(correct())
      .then([
        {
          type: 'CallbackOutcomeCorrected',
          data: {
            callbackId: 'cb-1',
            serial,
            merchantId: 'm1',
            attempt: 1,
            outcome: 'rating_disputed',
            reason: 'the clerk chose the wrong button',
            correctedOn: '2026-10-13',
            correctedAt: later.toISOString(),
          },
        },
      ]);
  });

  it('correctOutcome_once_aSecondIsRefused', () => {
    spec(formCallbacksDecider)
      .given([...disputed, { type: 'CallbackOutcomeCorrected', data: { callbackId: 'cb-1' } } as FormCallbacksEvent])
      .when(correct())
      .thenThrows('OUTCOME_ALREADY_CORRECTED');
  });

  it('correctOutcome_ofAnOpenTask_ofAnOutcomeThatChangedNothing_orOfAnUnknownCallback_isRefused', () => {
    spec(formCallbacksDecider)
      .given([opened('sample')])
      .when(correct())
      .thenThrows('CALLBACK_NOT_CLOSED');
    spec(formCallbacksDecider)
      .given([opened('sample'), recorded(1, 'confirmed'), closed('confirmed')])
      .when(correct())
      .thenThrows('OUTCOME_NOT_CORRECTABLE');
    spec(formCallbacksDecider).given(disputed).when(correct('cb-9')).thenThrows('CALLBACK_NOT_FOUND');
  });
});
