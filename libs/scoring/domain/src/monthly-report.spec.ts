import { addDays } from '@fd/kernel';
import type { Rating } from '@fd/contracts';
import { DatedEvent, dateOf, MonthlyReportBuilder, shiftPeriod } from './monthly-report';
import { LoggedEvent, missingViolationId } from './projection';

/** docs/rules.md#example-m1-a-month-that-does-not-change-later */
const TZ = 'Asia/Shanghai';
const A = 'merchant-a';
const B = 'merchant-b';
const at = (day: string) => `${day}T02:00:00.000Z`; // 10:00 in Shanghai, the same day
const dated = (event: LoggedEvent, day: string): DatedEvent => ({ event, occurredAt: at(day) });

const merchant = (merchantId: string, name: string, stall: string) =>
  dated(
    {
      type: 'MerchantRegistered',
      data: { merchantId, name, stall, category: 'appliances', registeredAt: at('2026-09-01') },
    } as LoggedEvent,
    '2026-09-01',
  );
const ref = (serial: string, merchantId: string, plannedDate: string) => ({ serial, merchantId, plannedDate });
const issued = (serial: string, merchantId: string, plannedDate: string) =>
  dated(
    {
      type: 'FormIssued',
      data: {
        ...ref(serial, merchantId, plannedDate),
        purchaseId: 'p1',
        cardNo: 'C1',
        serviceType: 'install',
        visit: 1,
        dueDate: addDays(plannedDate, 7),
        issuedAt: at('2026-10-01'),
      },
    },
    '2026-10-01',
  );
const filed = (serial: string, merchantId: string, plannedDate: string, rating: Rating, day: string, late = false) =>
  dated(
    {
      type: 'FormFiled',
      data: {
        ...ref(serial, merchantId, plannedDate),
        rating,
        staffId: 's1',
        staffCertified: true,
        servicedOn: plannedDate,
        filedAt: at(day),
        late,
      },
    },
    day,
  );
const overdue = (serial: string, merchantId: string, plannedDate: string) =>
  dated(
    { type: 'FormOverdue', data: { ...ref(serial, merchantId, plannedDate), dueDate: addDays(plannedDate, 7) } },
    addDays(plannedDate, 8),
  );
const opened = (serial: string, merchantId: string, day: string) =>
  dated(
    {
      type: 'CaseOpened',
      data: {
        caseId: `case-${serial}`,
        violationId: missingViolationId(serial),
        merchantId,
        kind: 'form_not_returned',
        serial,
        period: '2026-10',
        openedAt: at(day),
        appealDeadline: addDays(day, 7),
        policyVersion: 1,
      },
    },
    day,
  );
const decided = (serial: string, merchantId: string, decision: 'uphold' | 'dismiss', day: string) =>
  dated(
    {
      type: 'CaseDecided',
      data: {
        caseId: `case-${serial}`,
        violationId: missingViolationId(serial),
        merchantId,
        decision,
        reason: 'r',
        decidedOn: day,
        decidedAt: at(day),
        policyVersion: 1,
      },
    },
    day,
  );

/** Example M1's log: October, then what November adds. */
const october: DatedEvent[] = [
  merchant(A, '甲電器', 'A-01'),
  merchant(B, '乙家居', 'B-02'),
  ...['F1', 'F2', 'F3', 'F4'].map((s) => issued(s, A, '2026-10-05')),
  ...['F5', 'F6'].map((s) => issued(s, B, '2026-10-20')),
  filed('F1', A, '2026-10-05', 'very_satisfied', '2026-10-06'),
  filed('F2', A, '2026-10-05', 'unsatisfied', '2026-10-06'),
  filed('F3', A, '2026-10-05', 'satisfied', '2026-10-06'),
  overdue('F4', A, '2026-10-05'),
  opened('F4', A, '2026-10-13'),
  decided('F4', A, 'uphold', '2026-10-25'),
  filed('F5', B, '2026-10-20', 'satisfied', '2026-10-21'),
  overdue('F6', B, '2026-10-20'),
  opened('F6', B, '2026-10-28'),
];
const november: DatedEvent[] = [filed('F6', B, '2026-10-20', 'satisfied', '2026-11-03', true), decided('F6', B, 'dismiss', '2026-11-10')];

const report = (period: string, events: DatedEvent[]) => {
  const b = new MonthlyReportBuilder(period, TZ);
  events.forEach((e) => b.apply(e));
  return b.result();
};

describe('the monthly management report (example M1)', () => {
  it('exampleM1_countsTheMonthAsItClosed', () => {
    const { report: r } = report('2026-10', october);
    expect(r.totals).toMatchObject({
      merchants: 2,
      formsIssued: 6,
      formsDue: 6,
      formsFiled: 4,
      returnRate: 66.7,
      returnRateWarning: false,
      qualified: 3,
      unqualified: 1,
      satisfactionRate: 75,
      violations: { form_not_returned: 2, no_form: 0, forged: 0 },
      cases: { opened: 2, upheld: 1, dismissed: 0, corrected: 0 },
    });
    const [a, b] = r.merchants;
    expect(a).toMatchObject({
      merchantId: A,
      name: '甲電器',
      formsFiled: 3,
      formsDue: 4,
      returnRate: 75,
      satisfactionRate: 66.7,
      score: 0,
    });
    expect(a.cases).toEqual({ opened: 1, upheld: 1, dismissed: 0, corrected: 0 });
    expect(b).toMatchObject({
      merchantId: B,
      formsFiled: 1,
      formsDue: 2,
      returnRate: 50,
      returnRateWarning: true,
      satisfactionRate: 100,
      score: 0,
    });
  });

  it('exampleM1_givesTheSameOctober_afterNovembersEvents', () => {
    const before = report('2026-10', october).report;
    expect(report('2026-10', [...october, ...november]).report).toEqual(before);
    // November sees the late filing's case dismissed; its forms are October's
    const nov = report('2026-11', [...october, ...november]);
    expect(nov.report.totals).toMatchObject({ formsIssued: 0, cases: { opened: 0, upheld: 0, dismissed: 1, corrected: 0 } });
    expect(nov.report.merchants.find((m) => m.merchantId === B)?.cases.dismissed).toBe(1);
    // the trend's October is October as it closed
    expect(nov.trend.at(-2)).toMatchObject({ period: '2026-10', formsFiled: 4, returnRate: 66.7 });
  });

  it('trend_holdsThe12MonthsBefore_oldestFirst', () => {
    const { trend } = report('2026-10', october);
    expect(trend.map((t) => t.period)).toEqual(Array.from({ length: 13 }, (_, i) => shiftPeriod('2025-10', i)));
    expect(trend[0]).toMatchObject({ merchants: 0, formsIssued: 0, returnRate: null, satisfactionRate: null });
  });

  it('monthEnd_isTheMallsMidnight_notUtc', () => {
    // 2026-10-31 17:30 UTC is already 1 November in Shanghai: not October's
    const late = { event: filed('F6', B, '2026-10-20', 'satisfied', '2026-10-31', true).event, occurredAt: '2026-10-31T17:30:00.000Z' };
    const { report: r } = report('2026-10', [...october, late]);
    expect(r.totals.formsFiled).toBe(4);
  });

  it('actions_openedClosedAndOverdue_asTheMonthClosed', () => {
    const action = (
      actionId: string,
      owner: { merchantId: string } | { department: string },
      dueDate: string,
      day: string,
    ): DatedEvent => ({
      event: {
        type: 'ActionOpened',
        data: {
          actionId,
          source: { kind: 'penalty_case', ref: 'case-F4' },
          problem: 'p',
          cause: 'c',
          action: 'a',
          owner,
          dueDate,
          openedAt: at(day),
        },
      },
      occurredAt: at(day),
    });
    const events: DatedEvent[] = [
      ...october,
      action('act-1', { merchantId: A }, '2026-10-20', '2026-10-14'), // never done: overdue at the end of October
      action('act-2', { department: 'customer service' }, '2026-11-05', '2026-10-15'),
      action('act-3', { merchantId: B }, '2026-10-30', '2026-10-29'),
      {
        event: { type: 'ActionAnswered', data: { actionId: 'act-3', note: 'done', done: true, at: at('2026-10-30'), by: 'merchant' } },
        occurredAt: at('2026-10-30'),
      },
      {
        event: { type: 'ActionChecked', data: { actionId: 'act-3', effective: true, note: 'ok', checkedAt: at('2026-10-31') } },
        occurredAt: at('2026-10-31'),
      },
      // November: act-1 done and checked, which does not change October
      {
        event: { type: 'ActionAnswered', data: { actionId: 'act-1', note: 'done', done: true, at: at('2026-11-02'), by: 'merchant' } },
        occurredAt: at('2026-11-02'),
      },
    ];
    const { report: r } = report('2026-10', events);
    expect(r.totals.actions).toEqual({ opened: 3, closed: 1, overdue: 1 });
    expect(r.merchants.find((m) => m.merchantId === A)?.actions).toEqual({ opened: 1, closed: 0, overdue: 1 });
    expect(r.merchants.find((m) => m.merchantId === B)?.actions).toEqual({ opened: 1, closed: 1, overdue: 0 });
    // at November's end act-1 is done (not overdue) and the department's act-2 is past its 11-05
    expect(report('2026-11', events).report.totals.actions).toEqual({ opened: 0, closed: 0, overdue: 1 });
  });

  it('dateOf_aCaseRecordedLate_isItsViolationsTime', () => {
    const o = opened('F4', A, '2026-10-13').event;
    expect(dateOf(o, '2026-12-01T02:00:00.000Z')).toBe(at('2026-10-13'));
    const f = filed('F1', A, '2026-10-05', 'satisfied', '2026-10-06').event;
    expect(dateOf(f, '2026-10-06T03:00:00.000Z')).toBe('2026-10-06T03:00:00.000Z');
  });

  it('shiftPeriod_crossesYears', () => {
    expect(shiftPeriod('2026-01', -1)).toBe('2025-12');
    expect(shiftPeriod('2025-12', 13)).toBe('2027-01');
  });
});
