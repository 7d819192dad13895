import { bootTestService } from '@fd/platform/testing';
import { localDate, periodOf } from '@fd/kernel';
import { scoringService } from './scoring.service-def';
import { api, deliver, Service, tokens, Upstream, upstream } from './scoring.test-kit';

/**
 * The monthly report's figures (docs/rules.md#example-m1-a-month-that-does-not-change-later)
 * from events delivered through the real Kafka, read over HTTP: October's figures, and the same
 * October after November's late filing and a decision taken today.
 */
describe('the monthly report of the scoring service (real PostgreSQL and Kafka)', () => {
  let svc: Service;
  const admin = () => api(svc, tokens.admin);
  const on = (e: Upstream, day: string): Upstream => ({ ...e, now: new Date(`${day}T02:00:00.000Z`) });
  const report = async (period: string) => {
    const r = await admin().get(`/reports/monthly/figures?period=${period}`);
    expect(r.status).toBe(200);
    return r.body;
  };

  beforeAll(async () => {
    svc = await bootTestService(scoringService);
  });
  afterAll(async () => svc?.stop());

  it('exampleM1_octoberAsItClosed_isTheSameAfterLaterEvents', async () => {
    const a = upstream('merchant-M1a', '2026-10-05');
    const b = upstream('merchant-M1b', '2026-10-20');
    await deliver(svc, [
      on(a.registered('甲電器', 'A-01'), '2026-09-01'),
      on(b.registered('乙家居', 'B-02'), '2026-09-01'),
      ...['F1', 'F2', 'F3', 'F4'].map((s) => on(a.issued(s), '2026-10-01')),
      ...['F5', 'F6'].map((s) => on(b.issued(s), '2026-10-01')),
      on(a.filed('F1', 'very_satisfied'), '2026-10-06'),
      on(a.filed('F2', 'unsatisfied'), '2026-10-06'),
      on(a.filed('F3', 'satisfied'), '2026-10-06'),
      a.overdue('F4', { now: new Date('2026-10-13T02:00:00.000Z') }),
      on(b.filed('F5', 'satisfied'), '2026-10-21'),
      b.overdue('F6', { now: new Date('2026-10-28T02:00:00.000Z') }),
    ]);
    const october = await report('2026-10');
    expect(october).toMatchObject({ period: '2026-10', closed: true });
    expect(october.totals).toMatchObject({
      merchants: 2,
      formsIssued: 6,
      formsDue: 6,
      formsFiled: 4,
      returnRate: 66.7,
      qualified: 3,
      unqualified: 1,
      satisfactionRate: 75,
      violations: { form_not_returned: 2 },
      cases: { opened: 2, upheld: 0, dismissed: 0, corrected: 0 },
    });
    expect(
      october.merchants.map((m: { name: string; returnRate: number; returnRateWarning: boolean; score: number }) => [
        m.name,
        m.returnRate,
        m.returnRateWarning,
        m.score,
      ]),
    ).toEqual([
      ['甲電器', 75, false, 0],
      ['乙家居', 50, true, 0],
    ]);

    // later: F6 filed late in November, and the case dismissed today (after the merchant waived its appeal)
    await deliver(svc, [on(b.filed('F6', 'satisfied', { late: true }), '2026-11-03')]);
    const cases = await admin().get('/penalty-cases?merchantId=merchant-M1b');
    const caseId = cases.body.items[0].id;
    await api(svc, tokens.merchant('merchant-M1b')).post(`/penalty-cases/${caseId}/waiver`, {});
    expect((await admin().post(`/penalty-cases/${caseId}/decision`, { decision: 'dismiss', reason: 'the form came back' })).status).toBe(
      201,
    );

    // the merchant's evaluation of October follows the later events…
    expect((await admin().get('/merchants/merchant-M1b/scores?period=2026-10')).body).toMatchObject({ returnRate: 100, score: 100 });
    // …the report of October does not
    const again = await report('2026-10');
    expect({ ...again, eventsRead: 0 }).toEqual({ ...october, eventsRead: 0 });
    expect(again.eventsRead).toBeGreaterThan(october.eventsRead);

    // the decision counts in the month it was taken, with October in its trend as it closed
    const today = periodOf(localDate(new Date(), 'Asia/Shanghai'));
    const now = await report(today);
    expect(now).toMatchObject({ closed: false, totals: { cases: { dismissed: 1 } } });
    expect(now.trend.find((t: { period: string }) => t.period === '2026-10')).toEqual({ period: '2026-10', ...october.totals });
  });

  it('refusesAMonthThatIsNotOne_andOtherRoles', async () => {
    expect((await admin().get('/reports/monthly/figures?period=2026-13')).status).toBe(400);
    expect((await admin().get('/reports/monthly/figures')).status).toBe(400);
    expect((await api(svc, tokens.clerk).get('/reports/monthly/figures?period=2026-10')).status).toBe(403);
  });
});
