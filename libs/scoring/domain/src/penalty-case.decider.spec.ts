import { spec } from '@fd/kernel/testing';
import { PenaltyCaseCommand, penaltyCaseDecider, PenaltyCaseEvent, ViolationRef } from './penalty-case.decider';
import { DEFAULT_POLICY, Policy } from './policy.decider';

const policy: Policy = { version: 3, ...DEFAULT_POLICY };
const violation: ViolationRef = {
  id: 'missing:FD00000007',
  merchantId: 'm1',
  kind: 'form_not_returned',
  period: '2026-10',
  serial: 'FD00000007',
};
const caseId = 'PC-3F9A0B12C4D5';
/** 10:00 in the mall (Asia/Shanghai) on a date. */
const at = (date: string) => new Date(`${date}T02:00:00Z`);

const opened: PenaltyCaseEvent = {
  type: 'CaseOpened',
  data: {
    caseId,
    violationId: violation.id,
    merchantId: 'm1',
    kind: 'form_not_returned',
    serial: 'FD00000007',
    period: '2026-10',
    openedAt: '2026-10-13T02:00:00.000Z',
    visibleAt: '2026-10-13T02:00:00.000Z',
    appealDeadline: '2026-10-20',
    policyVersion: 3,
  },
};
const appealed: PenaltyCaseEvent = {
  type: 'AppealSubmitted',
  data: { caseId, merchantId: 'm1', statement: 'The customer was abroad.', submittedAt: '2026-10-14T02:00:00.000Z' },
};
const upheld: PenaltyCaseEvent = {
  type: 'CaseDecided',
  data: {
    caseId,
    violationId: violation.id,
    merchantId: 'm1',
    decision: 'uphold',
    reason: 'no proof',
    decidedOn: '2026-10-21',
    decidedAt: '2026-10-21T02:00:00.000Z',
    policyVersion: 3,
  },
};

const open = (over: Partial<Extract<PenaltyCaseCommand, { type: 'OpenCase' }>> = {}): PenaltyCaseCommand => ({
  type: 'OpenCase',
  caseId,
  violation,
  openedAt: '2026-10-13T02:00:00.000Z',
  visibleAt: '2026-10-13T02:00:00.000Z',
  policy,
  ...over,
});
const appeal = (over: Partial<Extract<PenaltyCaseCommand, { type: 'SubmitAppeal' }>> = {}): PenaltyCaseCommand => ({
  type: 'SubmitAppeal',
  caseId,
  statement: 'The customer was abroad.',
  by: { role: 'merchant', merchantId: 'm1' },
  now: at('2026-10-14'),
  timeZone: 'Asia/Shanghai',
  ...over,
});
const decide = (over: Partial<Extract<PenaltyCaseCommand, { type: 'DecideCase' }>> = {}): PenaltyCaseCommand => ({
  type: 'DecideCase',
  caseId,
  decision: 'uphold',
  reason: 'no proof',
  now: at('2026-10-21'),
  policy,
  ...over,
});

describe('penalty case', () => {
  describe('OpenCase', () => {
    it('openCase_forANewViolation_opensItWithTheAppealDeadlineOfThePolicy', () =>
      spec(penaltyCaseDecider).given([]).when(open()).then([opened]));

    it('openCase_datesTheDeadlineInTheMallsTimeZone', () =>
      // 17:30 UTC on 12 October is already 13 October in Shanghai
      spec(penaltyCaseDecider)
        .given([])
        .when(open({ openedAt: '2026-10-12T17:30:00.000Z', visibleAt: '2026-10-12T17:30:00.000Z', policy: { ...policy, appealDays: 0 } }))
        .then([
          {
            type: 'CaseOpened',
            data: {
              ...opened.data,
              openedAt: '2026-10-12T17:30:00.000Z',
              visibleAt: '2026-10-12T17:30:00.000Z',
              appealDeadline: '2026-10-13',
            },
          },
        ]));

    it('exampleR7_theAppealWindowCountsFromWhenTheMerchantCouldFirstSeeTheCase', () => {
      // revealed on the 11th, recorded by a lagging scoring on the 13th: the window runs 7 days from the 13th
      const [e] = spec(penaltyCaseDecider)
        .given([])
        .when(open({ openedAt: '2026-10-11T02:00:00.000Z', visibleAt: '2026-10-13T01:00:00.000Z' }))
        .events();
      expect(e.data).toMatchObject({ openedAt: '2026-10-11T02:00:00.000Z', appealDeadline: '2026-10-20' });
      // a case recorded "before" its event (clocks apart) still counts from the event
      const [early] = spec(penaltyCaseDecider)
        .given([])
        .when(open({ openedAt: '2026-10-13T02:00:00.000Z', visibleAt: '2026-10-12T02:00:00.000Z' }))
        .events();
      expect(early.data).toMatchObject({ visibleAt: '2026-10-13T02:00:00.000Z', appealDeadline: '2026-10-20' });
    });

    it('openCase_whenAlreadyOpen_opensNoSecondCase', () => spec(penaltyCaseDecider).given([opened]).when(open()).thenNothingHappened());

    it('openCase_whenAlreadyDecided_opensNoSecondCase', () =>
      spec(penaltyCaseDecider).given([opened, upheld]).when(open()).thenNothingHappened());
  });

  describe('SubmitAppeal', () => {
    it('submitAppeal_withinTheWindow_isRecorded', () => spec(penaltyCaseDecider).given([opened]).when(appeal()).then([appealed]));

    it('submitAppeal_onTheDeadlineItself_isStillInTime', () =>
      // 23:59 on 20 October in Shanghai
      spec(penaltyCaseDecider)
        .given([opened])
        .when(appeal({ now: new Date('2026-10-20T15:59:00Z') }))
        .then([{ type: 'AppealSubmitted', data: { ...appealed.data, submittedAt: '2026-10-20T15:59:00.000Z' } }]));

    it('submitAppeal_afterTheWindow_isRefused', () =>
      spec(penaltyCaseDecider)
        .given([opened])
        .when(appeal({ now: new Date('2026-10-20T16:00:00Z') }))
        .thenThrows('APPEAL_WINDOW_CLOSED'));

    it('submitAppeal_twice_isRefused', () =>
      spec(penaltyCaseDecider)
        .given([opened, appealed])
        .when(appeal({ statement: 'And another thing.' }))
        .thenThrows('APPEAL_ALREADY_SUBMITTED'));

    it('submitAppeal_byAnotherMerchant_isForbidden', () =>
      spec(penaltyCaseDecider)
        .given([opened])
        .when(appeal({ by: { role: 'merchant', merchantId: 'm2' } }))
        .thenThrows('OTHER_MERCHANT'));

    it('submitAppeal_byTheAdministration_isForbidden', () =>
      spec(penaltyCaseDecider)
        .given([opened])
        .when(appeal({ by: { role: 'admin' } }))
        .thenThrows('OTHER_MERCHANT'));

    it('submitAppeal_afterTheDecision_isRefused', () =>
      spec(penaltyCaseDecider).given([opened, upheld]).when(appeal()).thenThrows('CASE_ALREADY_DECIDED'));

    it('submitAppeal_onAnUnknownCase_isNotFound', () => spec(penaltyCaseDecider).given([]).when(appeal()).thenThrows('CASE_NOT_FOUND'));
  });

  describe('DecideCase', () => {
    it('exampleR8_beforeTheAppealWindowCloses_withoutAnAppealOrAWaiver_isRefused', () => {
      spec(penaltyCaseDecider)
        .given([opened])
        .when(decide({ now: at('2026-10-20') }))
        .thenThrows('APPEAL_WINDOW_OPEN');
      spec(penaltyCaseDecider)
        .given([opened, appealed])
        .when(decide({ now: at('2026-10-14') }))
        .then([{ ...upheld, data: { ...upheld.data, decidedOn: '2026-10-14', decidedAt: at('2026-10-14').toISOString() } }]);
      const waived: PenaltyCaseEvent = {
        type: 'AppealWaived',
        data: { caseId, merchantId: 'm1', waivedAt: at('2026-10-14').toISOString() },
      };
      expect(
        spec(penaltyCaseDecider)
          .given([opened, waived])
          .when(decide({ now: at('2026-10-14') }))
          .events(),
      ).toHaveLength(1);
    });

    it('exampleR8_onlyTheMerchantWaives_once_andNotAfterAnAppeal', () => {
      const waive = (by: { role: 'merchant' | 'admin'; merchantId?: string }): PenaltyCaseCommand => ({
        type: 'WaiveAppeal',
        caseId,
        by,
        now: at('2026-10-14'),
      });
      spec(penaltyCaseDecider)
        .given([opened])
        .when(waive({ role: 'merchant', merchantId: 'm1' }))
        .then([{ type: 'AppealWaived', data: { caseId, merchantId: 'm1', waivedAt: at('2026-10-14').toISOString() } }]);
      spec(penaltyCaseDecider)
        .given([opened])
        .when(waive({ role: 'admin' }))
        .thenThrows('OTHER_MERCHANT');
      spec(penaltyCaseDecider)
        .given([opened])
        .when(waive({ role: 'merchant', merchantId: 'm2' }))
        .thenThrows('OTHER_MERCHANT');
      spec(penaltyCaseDecider)
        .given([opened, appealed])
        .when(waive({ role: 'merchant', merchantId: 'm1' }))
        .thenThrows('APPEAL_ALREADY_SUBMITTED');
    });

    it('decideCase_uphold_recordsThePolicyVersionUsed', () =>
      spec(penaltyCaseDecider).given([opened, appealed]).when(decide()).then([upheld]));

    it('decideCase_upholdWithFineAndSuspension_suspendsThroughTheLastDayInclusive', () =>
      spec(penaltyCaseDecider)
        .given([opened])
        .when(decide({ fineCents: 50000, suspendDays: 3 }))
        .then([{ type: 'CaseDecided', data: { ...upheld.data, fineCents: 50000, suspendDays: 3, suspendedUntil: '2026-10-23' } }]));

    it('decideCase_dismiss_liftsTheViolation', () =>
      spec(penaltyCaseDecider)
        .given([opened])
        .when(decide({ decision: 'dismiss', reason: 'the customer was at fault' }))
        .then([{ type: 'CaseDecided', data: { ...upheld.data, decision: 'dismiss', reason: 'the customer was at fault' } }]));

    it('decideCase_dismissWithAFine_isRefused', () =>
      spec(penaltyCaseDecider)
        .given([opened])
        .when(decide({ decision: 'dismiss', fineCents: 100 }))
        .thenThrows('VALIDATION_FAILED'));

    it('decideCase_dismissWithASuspension_isRefused', () =>
      spec(penaltyCaseDecider)
        .given([opened])
        .when(decide({ decision: 'dismiss', suspendDays: 2 }))
        .thenThrows('VALIDATION_FAILED'));

    it('decideCase_twice_isRefused_theDecisionIsFinal', () => {
      spec(penaltyCaseDecider)
        .given([opened, upheld])
        .when(decide({ decision: 'dismiss', reason: 'changed my mind' }))
        .thenThrows('CASE_ALREADY_DECIDED');
      spec(penaltyCaseDecider).given([opened, upheld]).when(decide()).thenThrows('CASE_ALREADY_DECIDED');
    });

    it('decideCase_onAnUnknownCase_isNotFound', () => spec(penaltyCaseDecider).given([]).when(decide()).thenThrows('CASE_NOT_FOUND'));
  });
});

describe('the fine of an upheld case (example R9)', () => {
  const fined: PenaltyCaseEvent = { type: 'CaseDecided', data: { ...upheld.data, fineCents: 50000 } };
  const pay = (over: Partial<Extract<PenaltyCaseCommand, { type: 'RecordFinePayment' }>> = {}): PenaltyCaseCommand => ({
    type: 'RecordFinePayment',
    caseId,
    paidOn: '2026-10-23',
    receiptNo: 'R-2026-0117',
    now: at('2026-10-24'),
    timeZone: 'Asia/Shanghai',
    ...over,
  });
  const paid: PenaltyCaseEvent = {
    type: 'FinePaymentRecorded',
    data: { caseId, merchantId: 'm1', paidOn: '2026-10-23', receiptNo: 'R-2026-0117', recordedAt: at('2026-10-24').toISOString() },
  };

  it('isRecordedPaid_withItsDateAndReceipt_once', () => {
    spec(penaltyCaseDecider).given([opened, fined]).when(pay()).then([paid]);
    spec(penaltyCaseDecider).given([opened, fined, paid]).when(pay()).thenNothingHappened();
    spec(penaltyCaseDecider)
      .given([opened, fined, paid])
      .when(pay({ receiptNo: 'R-other' }))
      .thenThrows('FINE_ALREADY_PAID');
    const state = [opened, fined, paid].reduce(penaltyCaseDecider.evolve, penaltyCaseDecider.initialState());
    expect(state).toMatchObject({ status: 'decided', finePayment: { paidOn: '2026-10-23', receiptNo: 'R-2026-0117' } });
  });

  it('aCaseWithoutAFine_orAPaymentDateBeforeTheDecisionOrAfterToday_isRefused', () => {
    spec(penaltyCaseDecider).given([opened, upheld]).when(pay()).thenThrows('NO_FINE');
    spec(penaltyCaseDecider).given([opened]).when(pay()).thenThrows('NO_FINE');
    spec(penaltyCaseDecider)
      .given([opened, fined])
      .when(pay({ paidOn: '2026-10-20' }))
      .thenThrows('VALIDATION_FAILED');
    spec(penaltyCaseDecider)
      .given([opened, fined])
      .when(pay({ paidOn: '2026-10-25' }))
      .thenThrows('VALIDATION_FAILED');
  });
});
