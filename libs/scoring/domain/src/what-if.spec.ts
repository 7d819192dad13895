import { addDays } from '@fd/kernel';
import type { Rating } from '@fd/contracts';
import { LoggedEvent, missingViolationId, project } from './projection';
import { compareProjections, PeriodRange, ShadowFold, TimedEvent } from './what-if';

// docs/rules.md#example-p1-a-what-if-of-the-return-and-appeal-days
const M = 'merchant-1';
const RANGE: PeriodRange = { from: '2027-03', to: '2027-04' };
const AS_OF = new Date('2027-04-20T04:00:00.000Z');
const ref = (serial: string, plannedDate: string) => ({ serial, merchantId: M, plannedDate });
/** Noon in Shanghai (UTC+8) of a day: 04:00Z. */
const noon = (day: string) => `${day}T04:00:00.000Z`;

const issued = (serial: string, plannedDate: string, issuedOn = '2027-02-25'): TimedEvent => ({
  at: noon(issuedOn),
  event: {
    type: 'FormIssued',
    data: {
      ...ref(serial, plannedDate),
      purchaseId: 'p1',
      cardNo: 'C1',
      serviceType: 'install',
      visit: 1,
      dueDate: addDays(plannedDate, 7),
      issuedAt: noon(issuedOn),
    },
  },
});
const filed = (serial: string, plannedDate: string, filedAt: string, rating: Rating = 'very_satisfied'): TimedEvent => ({
  at: filedAt,
  event: {
    type: 'FormFiled',
    data: {
      ...ref(serial, plannedDate),
      rating,
      staffId: 'staff-1',
      staffCertified: true,
      servicedOn: plannedDate,
      filedAt,
      late: filedAt.slice(0, 10) > addDays(plannedDate, 7),
    },
  },
});
const overdue = (serial: string, plannedDate: string): TimedEvent => ({
  at: `${addDays(plannedDate, 8)}T00:00:30.000+08:00`,
  event: { type: 'FormOverdue', data: { ...ref(serial, plannedDate), dueDate: addDays(plannedDate, 7) } },
});
const CASE_A = 'case-A';
const caseOfA: TimedEvent[] = [
  {
    at: '2027-03-09T02:00:00.000Z',
    event: {
      type: 'CaseOpened',
      data: {
        caseId: CASE_A,
        violationId: missingViolationId('A'),
        merchantId: M,
        kind: 'form_not_returned',
        serial: 'A',
        period: '2027-03',
        openedAt: '2027-03-08T16:00:30.000Z',
        visibleAt: '2027-03-09T02:00:00.000Z',
        appealDeadline: '2027-03-16',
        policyVersion: 1,
      },
    },
  },
  {
    at: noon('2027-03-14'),
    event: {
      type: 'AppealSubmitted',
      data: { caseId: CASE_A, merchantId: M, statement: 'the customer was away', submittedAt: noon('2027-03-14') },
    },
  },
  {
    at: noon('2027-03-17'),
    event: {
      type: 'CaseDecided',
      data: {
        caseId: CASE_A,
        violationId: missingViolationId('A'),
        merchantId: M,
        decision: 'uphold',
        reason: 'filed two days late',
        decidedOn: '2027-03-17',
        decidedAt: noon('2027-03-17'),
        policyVersion: 1,
      },
    },
  },
];

/** Example P1's log, as recorded with the defaults (returnDays 7, appealDays 7, Asia/Shanghai). */
const LOG: TimedEvent[] = [
  {
    at: noon('2027-02-01'),
    event: { type: 'MerchantRegistered', data: { merchantId: M, name: 'M', stall: 'A-1', category: 'appliances' } } as LoggedEvent,
  },
  issued('A', '2027-03-01'),
  issued('B', '2027-03-02'),
  issued('C', '2027-04-01'),
  filed('B', '2027-03-02', '2027-03-05T02:00:00.000Z', 'satisfied'),
  overdue('A', '2027-03-01'),
  caseOfA[0],
  // 09:00 in Shanghai on 2027-03-10, two days after A's due date
  filed('A', '2027-03-01', '2027-03-10T01:00:00.000Z'),
  ...caseOfA.slice(1),
  filed('C', '2027-04-01', '2027-04-06T02:00:00.000Z'),
];
const live = project(LOG.map((t) => t.event));
const liveRows = { forms: Object.values(live.forms), violations: Object.values(live.violations) };

function whatIf(returnDays: number, appealDays: number, timeZone = 'Asia/Shanghai') {
  const shadow = new ShadowFold({ returnDays, appealDays, timeZone }, RANGE);
  for (const e of LOG) shadow.apply(e);
  const result = shadow.finish(AS_OF);
  return { ...result, ...compareProjections(liveRows, result), ignored: shadow.overdueFactsIgnored };
}

describe('what-if policy replay', () => {
  it('sameValues_changeNothing', () => {
    const r = whatIf(7, 7);
    expect(r.scores).toEqual([]);
    expect(r.violationsAppearing).toEqual([]);
    expect(r.violationsVanishing).toEqual([]);
    expect(r.cases).toEqual([]);
    // the recorded overdue fact is not trusted: the shadow found A missing by itself, with the case's decision
    expect(r.ignored).toBe(1);
    expect(r.violations).toEqual([
      expect.objectContaining({ id: missingViolationId('A'), status: 'upheld', caseId: CASE_A, dueDate: '2027-03-08' }),
    ]);
  });

  it('exampleP1_longerReturnDays_liftAMissingFormFiledInTheLongerTime', () => {
    const r = whatIf(10, 7);
    expect(r.scores).toEqual([
      { merchantId: M, period: '2027-03', scoreNow: 0, scoreThen: 100, delta: 100, returnRateNow: 100, returnRateThen: 100 },
    ]);
    expect(r.violationsVanishing).toEqual([
      { id: missingViolationId('A'), merchantId: M, period: '2027-03', kind: 'form_not_returned', serial: 'A', dueDate: '2027-03-08' },
    ]);
    expect(r.violationsAppearing).toEqual([]);
    const a = r.forms.find((f) => f.serial === 'A');
    expect(a).toMatchObject({ dueDate: '2027-03-11', status: 'filed', late: false });
  });

  it('exampleP1_shorterReturnDays_makeAFormMissingThatCameBackInTime', () => {
    const r = whatIf(3, 7);
    expect(r.scores).toEqual([
      { merchantId: M, period: '2027-04', scoreNow: 100, scoreThen: 0, delta: -100, returnRateNow: 100, returnRateThen: 100 },
    ]);
    expect(r.violationsAppearing).toEqual([
      { id: missingViolationId('C'), merchantId: M, period: '2027-04', kind: 'form_not_returned', serial: 'C', dueDate: '2027-04-04' },
    ]);
    expect(r.violationsVanishing).toEqual([]);
    // March stays 0: A is still missing (due 2027-03-04 now), and its recorded case and upholding carry over
    expect(r.violations.find((v) => v.id === missingViolationId('A'))).toMatchObject({ dueDate: '2027-03-04', status: 'upheld' });
    // B, filed on its shadow due date 2027-03-05, is in time (dates are inclusive)
    expect(r.forms.find((f) => f.serial === 'B')).toMatchObject({ dueDate: '2027-03-05', late: false });
  });

  it('exampleP1_appealDays_moveTheWindowButNotTheScores', () => {
    const shorter = whatIf(7, 3);
    expect(shorter.scores).toEqual([]);
    expect(shorter.cases).toEqual([
      {
        caseId: CASE_A,
        merchantId: M,
        period: '2027-03',
        appealDeadlineNow: '2027-03-16',
        appealDeadlineThen: '2027-03-12',
        appealOutOfTime: true,
        decidedTooEarly: false,
      },
    ]);
    const longer = whatIf(7, 10);
    expect(longer.cases).toEqual([
      expect.objectContaining({ appealDeadlineThen: '2027-03-19', appealOutOfTime: false, decidedTooEarly: false }),
    ]);
  });

  it('aFormStillUnfiledAtTheEnd_isMissingOnceItsShadowDueDateIsOver', () => {
    const shadow = new ShadowFold({ returnDays: 30, appealDays: 7, timeZone: 'Asia/Shanghai' }, RANGE);
    shadow.apply(issued('D', '2027-04-01'));
    // due 2027-05-01: not over on 2027-04-20
    expect(shadow.finish(AS_OF).violations).toEqual([]);
    const later = new ShadowFold({ returnDays: 5, appealDays: 7, timeZone: 'Asia/Shanghai' }, RANGE);
    later.apply(issued('D', '2027-04-01'));
    expect(later.finish(AS_OF).violations).toEqual([
      expect.objectContaining({ id: missingViolationId('D'), dueDate: '2027-04-06', status: 'open' }),
    ]);
  });

  it('aLateRegistration_countsFromTheDayOfIssue', () => {
    const shadow = new ShadowFold({ returnDays: 3, appealDays: 7, timeZone: 'Asia/Shanghai' }, RANGE);
    shadow.apply(issued('E', '2027-03-01', '2027-03-10'));
    expect(shadow.finish(AS_OF).forms[0]).toMatchObject({ dueDate: '2027-03-13', status: 'overdue' });
  });

  it('outOfRange_formsAreNotKept', () => {
    const shadow = new ShadowFold({ returnDays: 3, appealDays: 7, timeZone: 'Asia/Shanghai' }, { from: '2027-04', to: '2027-04' });
    for (const e of LOG) shadow.apply(e);
    expect(shadow.finish(AS_OF).forms.map((f) => f.serial)).toEqual(['C']);
  });
});
