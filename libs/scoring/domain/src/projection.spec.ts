import { addDays } from '@fd/kernel';
import type { Rating } from '@fd/contracts';
import {
  changesBetween,
  emptyProjection,
  evolve,
  findingViolationId,
  forgedViolationId,
  LoggedEvent,
  missedAgainViolationId,
  missingViolationId,
  project,
  Projection,
} from './projection';
import { scorecard } from './scorecard';

const M = 'merchant-1';
/** The case of a violation (the service derives it from the violation id; any stable id will do here). */
const caseIdFor = (violationId: string) => `case-of-${violationId}`;
const PERIOD = '2026-10';
const PLANNED = '2026-10-05';

const ref = (serial: string, plannedDate = PLANNED, merchantId = M) => ({ serial, merchantId, plannedDate });
const issued = (serial: string, plannedDate = PLANNED, merchantId = M): LoggedEvent => ({
  type: 'FormIssued',
  data: {
    ...ref(serial, plannedDate, merchantId),
    purchaseId: 'p1',
    cardNo: 'C1',
    serviceType: 'install',
    visit: 1,
    dueDate: addDays(plannedDate, 7),
    issuedAt: '2026-10-01T02:00:00.000Z',
  },
});
const filed = (
  serial: string,
  rating: Rating,
  opts: { staffCertified?: boolean; late?: boolean; plannedDate?: string } = {},
): LoggedEvent => ({
  type: 'FormFiled',
  data: {
    ...ref(serial, opts.plannedDate),
    rating,
    staffId: 'staff-1',
    staffCertified: opts.staffCertified ?? true,
    servicedOn: opts.plannedDate ?? PLANNED,
    filedAt: '2026-10-06T02:00:00.000Z',
    late: opts.late ?? false,
  },
});
const overdue = (serial: string, plannedDate = PLANNED): LoggedEvent => ({
  type: 'FormOverdue',
  data: { ...ref(serial, plannedDate), dueDate: addDays(plannedDate, 7) },
});
const voided = (serial: string): LoggedEvent => ({ type: 'FormVoided', data: { ...ref(serial), reason: 'customer cancelled' } });
const replaced = (serial: string, previousRating: Rating, rating: Rating): LoggedEvent => ({
  type: 'FormRatingReplaced',
  data: { ...ref(serial), previousRating, rating, callbackId: 'cb-1' },
});
const forged = (serial: string, cause: 'signature_denied' | 'rating_disputed'): LoggedEvent => ({
  type: 'FormForged',
  data: { ...ref(serial), cause, callbackId: 'cb-1' },
});
const reportedMissing = (serial: string, plannedDate = PLANNED): LoggedEvent => ({
  type: 'FormReportedMissing',
  data: { ...ref(serial, plannedDate), callbackId: 'cb-2' },
});
const rescheduled = (serial: string, from: string, to: string): LoggedEvent => ({
  type: 'FormRescheduled',
  data: { ...ref(serial, to), previousPlannedDate: from, dueDate: addDays(to, 7), callbackId: 'cb-3' },
});
const finding = (findingId: string, over: { servicedOn?: string; recordedOn?: string } = {}): LoggedEvent => ({
  type: 'FindingRecorded',
  data: {
    findingId,
    merchantId: M,
    kind: 'service_without_form',
    note: 'installed without a form',
    recordedOn: over.recordedOn ?? '2026-10-20',
    ...(over.servicedOn ? { servicedOn: over.servicedOn } : {}),
  },
});
const caseOpened = (
  violationId: string,
  kind: 'form_not_returned' | 'no_form' | 'forged' | 'service_without_form',
  period = PERIOD,
): LoggedEvent => ({
  type: 'CaseOpened',
  data: {
    caseId: caseIdFor(violationId),
    violationId,
    merchantId: M,
    kind,
    period,
    openedAt: '2026-10-13T02:00:00.000Z',
    appealDeadline: '2026-10-20',
    policyVersion: 1,
  },
});
const caseDecided = (violationId: string, decision: 'uphold' | 'dismiss'): LoggedEvent => ({
  type: 'CaseDecided',
  data: {
    caseId: caseIdFor(violationId),
    violationId,
    merchantId: M,
    decision,
    reason: 'reviewed',
    decidedOn: '2026-10-25',
    decidedAt: '2026-10-25T02:00:00.000Z',
    policyVersion: 1,
  },
});

const cardOf = (p: Projection, period = PERIOD, merchantId = M) =>
  scorecard(merchantId, period, Object.values(p.forms), Object.values(p.violations));
const card = (events: LoggedEvent[], period = PERIOD, merchantId = M) => cardOf(project(events), period, merchantId);
const figures = (events: LoggedEvent[], period = PERIOD) => {
  const c = card(events, period);
  return { score: c.score, satisfactionRate: c.satisfactionRate, returnRate: c.returnRate };
};

describe('the worked examples of docs/rules.md (period 2026-10)', () => {
  it('exampleR5_aFormRescheduledAfterGoingMissing_thatMissesItsNewDeadline_isANewViolationInItsNewMonth', () => {
    const first = missingViolationId('R5');
    const again = missedAgainViolationId('R5', '2026-11-12');
    const missedTwice = [
      issued('R5'),
      overdue('R5'),
      caseOpened(first, 'form_not_returned'),
      rescheduled('R5', PLANNED, '2026-11-05'),
      caseDecided(first, 'dismiss'), // the customer had postponed
      overdue('R5', '2026-11-05'),
    ];
    const p = project(missedTwice);
    expect(p.violations[first]).toMatchObject({ period: '2026-10', status: 'dismissed', dueDate: '2026-10-12' });
    expect(p.violations[again]).toMatchObject({ kind: 'form_not_returned', period: '2026-11', status: 'open', dueDate: '2026-11-12' });
    expect(cardOf(p, '2026-11').score).toBe(0);
    expect(cardOf(p, '2026-10').score).toBeNull();
    // the same deadline announced twice is one violation; filed in time after the reschedule, none
    expect(Object.keys(project([...missedTwice, overdue('R5', '2026-11-05')]).violations)).toEqual([first, again]);
    const filedInTime = [...missedTwice.slice(0, 5), filed('R5', 'satisfied', { plannedDate: '2026-11-05' })];
    expect(Object.keys(project(filedInTime).violations)).toEqual([first]);
  });

  it('exampleR5_noFormThenOverdueOnTheSameDeadline_isOneViolation', () => {
    expect(Object.keys(project([issued('R6'), reportedMissing('R6'), overdue('R6')]).violations)).toEqual([missingViolationId('R6')]);
  });

  it('exampleR4_aFilingJudgedAgainWhenItsStaffMemberArrives_countsAsQualified', () => {
    const reassessed = (serial: string, staffId = 'staff-1'): LoggedEvent => ({
      type: 'FormCertificationReassessed',
      data: { ...ref(serial), staffId, staffCertified: true },
    });
    const before = [issued('R1'), issued('R2'), filed('R1', 'very_satisfied'), filed('R2', 'satisfied', { staffCertified: false })];
    expect(figures(before)).toEqual({ score: 50.0, satisfactionRate: 50.0, returnRate: 100 });
    expect(figures([...before, reassessed('R2')])).toEqual({ score: 100.0, satisfactionRate: 100.0, returnRate: 100 });
    // a judgement about another staff member than the filing's changes nothing
    expect(figures([...before, reassessed('R2', 'staff-9')])).toEqual({ score: 50.0, satisfactionRate: 50.0, returnRate: 100 });
  });

  it('exampleA_fourFiledByCertifiedStaff_oneUnsatisfied_scores75', () => {
    const events = [
      ...['A1', 'A2', 'A3', 'A4'].map((s) => issued(s)),
      filed('A1', 'very_satisfied'),
      filed('A2', 'satisfied'),
      filed('A3', 'fairly_satisfied'),
      filed('A4', 'unsatisfied'),
    ];
    expect(figures(events)).toEqual({ score: 75.0, satisfactionRate: 75.0, returnRate: 100 });
    expect(card(events)).toMatchObject({ formsIssued: 4, formsDue: 4, formsFiled: 4, qualified: 3, unqualified: 1, violations: [] });
  });

  it('exampleB_aVerySatisfiedFormByStaffWhoseCertificateExpired_isUnqualified', () => {
    const events = [
      ...['B1', 'B2', 'B3', 'B4'].map((s) => issued(s)),
      filed('B1', 'satisfied'),
      filed('B2', 'satisfied'),
      filed('B3', 'satisfied'),
      filed('B4', 'very_satisfied', { staffCertified: false }),
    ];
    expect(figures(events)).toEqual({ score: 75.0, satisfactionRate: 75.0, returnRate: 100 });
    expect(card(events).forms.find((f) => f.serial === 'B4')).toMatchObject({
      rating: 'very_satisfied',
      staffCertified: false,
      counted: 'unqualified',
    });
  });

  const exampleC = [issued('C1'), issued('C2'), issued('C3'), filed('C1', 'very_satisfied'), filed('C2', 'very_satisfied'), overdue('C3')];

  it('exampleC_anOverdueForm_setsTheScoreTo0_andLowersTheReturnRate', () => {
    expect(figures(exampleC)).toEqual({ score: 0, satisfactionRate: 100.0, returnRate: 66.7 });
    expect(card(exampleC).violations).toEqual([
      { id: missingViolationId('C3'), kind: 'form_not_returned', serial: 'C3', status: 'open', caseId: null },
    ]);
  });

  it('exampleD_dismissingTheOverdueFormsCase_bringsTheScoreBack', () => {
    const events = [
      ...exampleC,
      caseOpened(missingViolationId('C3'), 'form_not_returned'),
      caseDecided(missingViolationId('C3'), 'dismiss'),
    ];
    expect(figures(events)).toEqual({ score: 100.0, satisfactionRate: 100.0, returnRate: 66.7 });
    expect(card(events).violations).toEqual([
      {
        id: missingViolationId('C3'),
        kind: 'form_not_returned',
        serial: 'C3',
        status: 'dismissed',
        caseId: caseIdFor(missingViolationId('C3')),
      },
    ]);
  });

  it('exampleE_aDeniedSignature_isAForgery_andSetsTheScoreTo0', () => {
    const events = [
      ...['E1', 'E2', 'E3'].map((s) => issued(s)),
      ...['E1', 'E2', 'E3'].map((s) => filed(s, 'satisfied')),
      forged('E2', 'signature_denied'),
    ];
    expect(figures(events)).toEqual({ score: 0, satisfactionRate: 100.0, returnRate: 100 });
    expect(card(events).violations).toEqual([{ id: forgedViolationId('E2'), kind: 'forged', serial: 'E2', status: 'open', caseId: null }]);
  });

  it('exampleF_theCustomerSaysUnsatisfiedOfAQualifiedForm_countsTheCustomersRating_andIsAForgery', () => {
    const events = [
      issued('F1'),
      issued('F2'),
      filed('F1', 'very_satisfied'),
      filed('F2', 'very_satisfied'),
      replaced('F2', 'very_satisfied', 'unsatisfied'),
      forged('F2', 'rating_disputed'),
    ];
    expect(figures(events)).toEqual({ score: 0, satisfactionRate: 50.0, returnRate: 100 });
  });

  it('exampleK_exampleFCorrected_scoresAsBeforeTheCallback_theViolationAndItsCaseCorrected_onceHoweverOftenDelivered', () => {
    const violationId = forgedViolationId('F2');
    const withoutTheCallback = [issued('F1'), issued('F2'), filed('F1', 'very_satisfied'), filed('F2', 'very_satisfied')];
    const corrected: LoggedEvent = {
      type: 'FormCallbackCorrected',
      data: {
        ...ref('F2'),
        callbackId: 'cb-1',
        outcome: 'rating_disputed',
        reason: 'the customer said 很滿意',
        rating: 'very_satisfied',
        unforged: true,
        unmissing: false,
      },
    };
    const caseCorrected: LoggedEvent = {
      type: 'CaseCorrected',
      data: {
        caseId: caseIdFor(violationId),
        violationId,
        merchantId: M,
        reason: 'the customer said 很滿意',
        correctedOn: '2026-10-14',
        correctedAt: '2026-10-14T02:00:00.000Z',
      },
    };
    const events = [
      ...withoutTheCallback,
      replaced('F2', 'very_satisfied', 'unsatisfied'),
      forged('F2', 'rating_disputed'),
      caseOpened(violationId, 'forged'),
      corrected,
      caseCorrected,
    ];
    expect(figures(events)).toEqual(figures(withoutTheCallback));
    expect(figures(events)).toEqual({ score: 100.0, satisfactionRate: 100.0, returnRate: 100 });
    const p = project(events);
    expect(p.forms.F2).toMatchObject({ rating: 'very_satisfied', forged: false });
    expect(p.violations[violationId].status).toBe('corrected');
    expect(p.cases[caseIdFor(violationId)]).toMatchObject({ status: 'corrected', correction: { reason: 'the customer said 很滿意' } });
    // delivered again: the same figures
    expect(figures([...events, corrected, caseCorrected])).toEqual(figures(events));
  });

  it('aCorrection_leavesADecidedViolation_andAnOverdueFormsMissingOne_standing', () => {
    const decided = [
      issued('K1'),
      filed('K1', 'satisfied'),
      forged('K1', 'signature_denied'),
      caseOpened(forgedViolationId('K1'), 'forged'),
      caseDecided(forgedViolationId('K1'), 'uphold'),
    ];
    const correction = (serial: string, unforged: boolean, unmissing: boolean): LoggedEvent => ({
      type: 'FormCallbackCorrected',
      data: { ...ref(serial), callbackId: 'cb-1', outcome: 'signature_denied', reason: 'mistake', unforged, unmissing },
    });
    expect(figures([...decided, correction('K1', true, false)]).score).toBe(0);
    // no_form on a form already overdue made no violation of its own: the overdue one stands
    const overdueThenNoForm = [issued('K2'), overdue('K2'), reportedMissing('K2'), correction('K2', false, true)];
    expect(card(overdueThenNoForm).violations).toEqual([expect.objectContaining({ kind: 'form_not_returned', status: 'open' })]);
  });

  it('aWithdrawnFinding_countsAsNone', () => {
    const withdrawn: LoggedEvent = {
      type: 'FindingWithdrawn',
      data: { findingId: 'f-9', merchantId: M, reason: 'wrong merchant', withdrawnOn: '2026-10-21' },
    };
    expect(figures([finding('f-9'), withdrawn])).toEqual({ score: null, satisfactionRate: null, returnRate: null });
  });

  it('exampleG_theCustomerGivesAnotherQualifiedRating_countsItWithoutAViolation', () => {
    const events = [
      issued('G1'),
      issued('G2'),
      filed('G1', 'satisfied'),
      filed('G2', 'satisfied'),
      replaced('G2', 'satisfied', 'fairly_satisfied'),
    ];
    expect(figures(events)).toEqual({ score: 100.0, satisfactionRate: 100.0, returnRate: 100 });
    expect(card(events).forms.find((f) => f.serial === 'G2')?.rating).toBe('fairly_satisfied');
  });

  it('exampleH_aVoidedForm_countsNowhere', () => {
    const events = [issued('H1'), issued('H2'), filed('H1', 'satisfied'), voided('H2')];
    expect(figures(events)).toEqual({ score: 100.0, satisfactionRate: 100.0, returnRate: 100 });
    expect(card(events)).toMatchObject({ formsIssued: 1, formsDue: 1, formsFiled: 1 });
  });

  it('exampleI_aFindingWithoutForms_scores0_withNoRates', () => {
    expect(figures([finding('I-1')])).toEqual({ score: 0, satisfactionRate: null, returnRate: null });
  });

  it('exampleJ_formsNotYetDue_andNoneFiled_isNoData', () => {
    const events = [issued('J1'), issued('J2')];
    expect(figures(events)).toEqual({ score: null, satisfactionRate: null, returnRate: null });
    expect(card(events)).toMatchObject({ formsIssued: 2, formsDue: 0, formsFiled: 0 });
  });
});

describe('the evaluation rules', () => {
  it('aLateFiling_countsAsFiledWithItsRating_butTheViolationStands', () => {
    const c = card([issued('L1'), filed('L1', 'unsatisfied'), issued('L2'), overdue('L2'), filed('L2', 'satisfied', { late: true })]);
    expect(c).toMatchObject({ score: 0, satisfactionRate: 50, returnRate: 100, formsDue: 2, formsFiled: 2 });
    expect(c.violations.map((v) => v.kind)).toEqual(['form_not_returned']);
  });

  it('anUpheldViolation_keepsTheScoreAt0', () => {
    const v = missingViolationId('U2');
    const c = card([
      issued('U1'),
      filed('U1', 'satisfied'),
      issued('U2'),
      overdue('U2'),
      caseOpened(v, 'form_not_returned'),
      caseDecided(v, 'uphold'),
    ]);
    expect(c.score).toBe(0);
    expect(c.violations[0].status).toBe('upheld');
  });

  it('aDismissedViolation_withNothingFiled_isNoData', () => {
    const v = missingViolationId('N1');
    expect(figures([issued('N1'), overdue('N1'), caseOpened(v, 'form_not_returned'), caseDecided(v, 'dismiss')])).toEqual({
      score: null,
      satisfactionRate: null,
      returnRate: 0,
    });
  });

  it('aFormCarriesOneMissingViolation_theFirstOfOverdueAndNoForm', () => {
    const overdueFirst = project([issued('X1'), overdue('X1'), reportedMissing('X1')]);
    expect(Object.values(overdueFirst.violations)).toEqual([
      expect.objectContaining({ id: missingViolationId('X1'), kind: 'form_not_returned' }),
    ]);
    const noFormFirst = project([issued('X2'), reportedMissing('X2'), overdue('X2')]);
    expect(Object.values(noFormFirst.violations)).toEqual([expect.objectContaining({ id: missingViolationId('X2'), kind: 'no_form' })]);
  });

  it('aFormCarriesOneForgedViolation_besideItsMissingOne', () => {
    const p = project([
      issued('Y1'),
      overdue('Y1'),
      filed('Y1', 'satisfied', { late: true }),
      forged('Y1', 'signature_denied'),
      forged('Y1', 'rating_disputed'),
    ]);
    expect(
      Object.values(p.violations)
        .map((v) => v.kind)
        .sort(),
    ).toEqual(['forged', 'form_not_returned']);
  });

  it('aDuplicatedOverdue_addsNothing', () => {
    const once = project([issued('D1'), overdue('D1')]);
    const twice = project([issued('D1'), overdue('D1'), overdue('D1')]);
    expect(twice).toEqual(once);
  });

  it('aRescheduledOverdueForm_movesToItsNewMonth_whileItsViolationStaysInTheOldOne_andMissingAgainIsANewOne', () => {
    const events = [issued('R1', '2026-10-20'), overdue('R1', '2026-10-20'), rescheduled('R1', '2026-10-20', '2026-11-03')];
    const p = project(events);
    expect(cardOf(p, '2026-10')).toMatchObject({
      score: 0,
      formsIssued: 0,
      formsDue: 0,
      violations: [expect.objectContaining({ kind: 'form_not_returned' })],
    });
    expect(cardOf(p, '2026-11')).toMatchObject({ score: null, formsIssued: 1, formsDue: 0, violations: [] });
    expect(p.forms.R1).toMatchObject({ status: 'issued', plannedDate: '2026-11-03', dueDate: '2026-11-10' });
    // overdue again under the new deadline: a second missing violation, in the new month (example R5)
    const again = project([...events, overdue('R1', '2026-11-03')]);
    expect(Object.values(again.violations)).toEqual([
      expect.objectContaining({ period: '2026-10' }),
      expect.objectContaining({ period: '2026-11', kind: 'form_not_returned' }),
    ]);
    expect(cardOf(again, '2026-11')).toMatchObject({ returnRate: 0, score: 0, formsDue: 1 });
  });

  it('aViolation_isDatedToThePlannedDateWhenItHappened', () => {
    const p = project([issued('P1', '2026-09-28'), reportedMissing('P1', '2026-09-28')]);
    expect(cardOf(p, '2026-09').score).toBe(0);
    expect(cardOf(p, '2026-10').score).toBeNull();
  });

  it('aFinding_isDatedToTheMonthOfTheService_orOfTheFindingWhenUnknown', () => {
    const p = project([finding('f1', { servicedOn: '2026-09-30', recordedOn: '2026-10-02' }), finding('f2', { recordedOn: '2026-11-01' })]);
    expect(p.violations[findingViolationId('f1')].period).toBe('2026-09');
    expect(p.violations[findingViolationId('f2')].period).toBe('2026-11');
  });

  it('anOverdueAnnouncedForAFiledForm_changesNothing', () => {
    const before = project([issued('Z1'), filed('Z1', 'satisfied')]);
    expect(project([issued('Z1'), filed('Z1', 'satisfied'), overdue('Z1')])).toEqual(before);
  });

  it('aReplacedRating_countsTheCustomersRating', () => {
    expect(card([issued('Q1'), filed('Q1', 'unsatisfied'), replaced('Q1', 'unsatisfied', 'satisfied')])).toMatchObject({
      qualified: 1,
      unqualified: 0,
      score: 100,
    });
  });

  it('figures_areRoundedHalfUpToOneDecimal', () => {
    const events = [
      ...Array.from({ length: 8 }, (_, i) => issued(`H${i}`)),
      filed('H0', 'satisfied'),
      ...Array.from({ length: 7 }, (_, i) => filed(`H${i + 1}`, 'unsatisfied')),
    ];
    expect(card(events)).toMatchObject({ satisfactionRate: 12.5, score: 12.5 });
    expect(
      card([issued('T1'), issued('T2'), issued('T3'), filed('T1', 'satisfied'), filed('T2', 'satisfied'), filed('T3', 'unsatisfied')])
        .score,
    ).toBe(66.7);
  });

  it('aReturnRateBelow60Percent_isFlagged_and60IsNot', () => {
    const serials = ['W1', 'W2', 'W3', 'W4', 'W5'];
    const threeOfFive = [
      ...serials.map((s) => issued(s)),
      filed('W1', 'satisfied'),
      filed('W2', 'satisfied'),
      filed('W3', 'satisfied'),
      overdue('W4'),
      overdue('W5'),
    ];
    expect(card(threeOfFive)).toMatchObject({ returnRate: 60, returnRateWarning: false });
    const oneOfTwo = [issued('V1'), issued('V2'), filed('V1', 'satisfied'), overdue('V2')];
    expect(card(oneOfTwo)).toMatchObject({ returnRate: 50, returnRateWarning: true });
    expect(card([issued('K1')]).returnRateWarning).toBe(false);
  });

  it('anotherMerchantsFormsAndViolations_countNowhereHere', () => {
    const c = card([issued('O1', PLANNED, 'merchant-2'), overdue('O1'), issued('O2'), filed('O2', 'satisfied')]);
    expect(c).toMatchObject({ score: 100, formsIssued: 1, violations: [] });
  });

  it('aFormKnownOnlyFromItsFiling_stillCounts', () => {
    expect(card([filed('S1', 'satisfied')])).toMatchObject({ score: 100, formsIssued: 1, formsFiled: 1 });
  });
});

describe('folding the log', () => {
  const history: LoggedEvent[] = [
    { type: 'MerchantRegistered', data: { merchantId: M, name: 'Oak & Tile', stall: 'B-12', category: 'flooring' } },
    issued('H1'),
    issued('H2'),
    issued('H3', '2026-10-28'),
    filed('H1', 'satisfied'),
    overdue('H2'),
    caseOpened(missingViolationId('H2'), 'form_not_returned'),
    {
      type: 'AppealSubmitted',
      data: {
        caseId: caseIdFor(missingViolationId('H2')),
        merchantId: M,
        statement: 'the customer moved',
        submittedAt: '2026-10-14T02:00:00.000Z',
      },
    },
    overdue('H3', '2026-10-28'),
    rescheduled('H3', '2026-10-28', '2026-11-02'),
    finding('f9'),
    caseDecided(missingViolationId('H2'), 'dismiss'),
    replaced('H1', 'satisfied', 'unsatisfied'),
    forged('H1', 'rating_disputed'),
    {
      type: 'PolicyChanged',
      data: {
        version: 2,
        returnDays: 5,
        callbackSampleRate: 0.1,
        appealDays: 3,
        timeZone: 'Asia/Shanghai',
        changedAt: '2026-10-30T00:00:00.000Z',
      },
    },
  ];

  it('foldingOneEventsRowsAtATime_equalsFoldingTheWholeProjection', () => {
    expect(project(history)).toEqual(history.reduce(evolve, emptyProjection()));
  });

  it('theFold_keepsTheMerchantTheCaseAndItsAppeal', () => {
    const p = project(history);
    expect(p.merchants[M]).toEqual({ merchantId: M, name: 'Oak & Tile', stall: 'B-12', category: 'flooring' });
    expect(p.cases[caseIdFor(missingViolationId('H2'))]).toMatchObject({
      status: 'decided',
      appeal: { statement: 'the customer moved' },
      decision: { decision: 'dismiss' },
    });
  });

  it('changesBetween_namesBothMonthsOfARescheduledForm_andTheNewViolations', () => {
    const before = project([issued('H3', '2026-10-28'), overdue('H3', '2026-10-28')]);
    const after = evolve(before, rescheduled('H3', '2026-10-28', '2026-11-02'));
    expect(changesBetween(before, after)).toMatchObject({
      periods: [
        { merchantId: M, period: '2026-10' },
        { merchantId: M, period: '2026-11' },
      ],
      newViolations: [],
    });
    const noticed = changesBetween(project([issued('H4')]), project([issued('H4'), overdue('H4')]));
    expect(noticed.newViolations.map((v) => v.id)).toEqual([missingViolationId('H4')]);
  });
});

describe('a purchase kept from the desk (docs/rules.md#purchase-kept-from-the-desk-未登記購買)', () => {
  const keptFromDesk = (findingId: string, over: { purchasedOn?: string; recordedOn?: string }): LoggedEvent => ({
    type: 'FindingRecorded',
    data: {
      findingId,
      merchantId: M,
      kind: 'purchase_not_registered',
      note: 'KFR-35 air conditioner, sold with no card',
      recordedOn: over.recordedOn ?? '2026-11-02',
      ...(over.purchasedOn ? { purchasedOn: over.purchasedOn } : {}),
    },
  });

  it('exampleU1_aSaleKeptFromTheDesk_zeroesTheMonthOfTheSale_withItsOwnKind', () => {
    const events = [issued('U1'), issued('U2'), filed('U1', 'very_satisfied'), filed('U2', 'very_satisfied')];
    expect(figures(events)).toEqual({ score: 100.0, satisfactionRate: 100.0, returnRate: 100 });
    const after = [...events, keptFromDesk('U-1', { purchasedOn: '2026-10-28', recordedOn: '2026-11-02' })];
    expect(figures(after)).toEqual({ score: 0, satisfactionRate: 100.0, returnRate: 100 });
    expect(card(after).violations.map((v) => [v.kind, v.status])).toEqual([['purchase_not_registered', 'open']]);
    // the month of the finding is untouched
    expect(card(after, '2026-11').violations).toEqual([]);
  });

  it('exampleU2_aSaleOfUnknownDate_zeroesTheMonthOfTheFinding', () => {
    const events = [keptFromDesk('U-2', { recordedOn: '2026-11-02' })];
    expect(card(events, '2026-11')).toMatchObject({ score: 0 });
    expect(card(events, '2026-10').violations).toEqual([]);
  });
});
