import { bootTestService, testToken } from '@fd/platform/testing';
import { inMall } from '@fd/platform';
import { localDate, periodOf } from '@fd/kernel';
import { DEFAULT_POLICY } from '@fd/scoring-domain';
import { scoringService } from '../scoring.service-def';
import { api, deliver, Service, tokens, Upstream, upstream } from '../scoring.test-kit';

/**
 * The mall group's totals (docs/api.md, `GET /group/totals`): facts recorded in two malls through
 * the real Kafka (the second mall's messages name it in their envelope), read across both by the
 * group administration, one row per mall; no other role may read them.
 */
describe('the mall group totals of the scoring service (real PostgreSQL and Kafka)', () => {
  let svc: Service;
  const groupAdmin = testToken({ sub: 'group-1', username: 'group', role: 'group_admin' });
  const on = (e: Upstream, day: string): Upstream => ({ ...e, now: new Date(`${day}T02:00:00.000Z`) });

  beforeAll(async () => {
    svc = await bootTestService(scoringService);
    // the default mall: one merchant fully satisfied (100), one with a form never returned (0, a case opened)
    const a = upstream('merchant-GA', '2026-10-05');
    const b = upstream('merchant-GB', '2026-10-06');
    await deliver(svc, [
      on(a.registered('甲電器', 'A-01'), '2026-09-01'),
      on(b.registered('乙家居', 'B-02'), '2026-09-01'),
      on(a.issued('GA-1'), '2026-10-01'),
      on(a.issued('GA-2'), '2026-10-01'),
      on(b.issued('GB-1'), '2026-10-01'),
      on(a.filed('GA-1', 'very_satisfied'), '2026-10-06'),
      on(a.filed('GA-2', 'satisfied'), '2026-10-06'),
      b.overdue('GB-1', { now: new Date('2026-10-14T02:00:00.000Z') }),
    ]);
    // the mall 'east': one merchant, two of three forms satisfied (66.7), a fourth voided
    const e = upstream('merchant-GE', '2026-10-07');
    await inMall('east', () =>
      deliver(svc, [
        on(e.registered('東家具', 'E-01'), '2026-09-01'),
        ...['GE-1', 'GE-2', 'GE-3', 'GE-4'].map((s) => on(e.issued(s), '2026-10-01')),
        on(e.filed('GE-1', 'satisfied'), '2026-10-08'),
        on(e.filed('GE-2', 'very_satisfied'), '2026-10-08'),
        on(e.filed('GE-3', 'unsatisfied'), '2026-10-08'),
        on(e.voided('GE-4'), '2026-10-08'),
      ]),
    );
  });
  afterAll(async () => svc?.stop());

  it('oneRowPerMall_eachWithItsOwnMonth', async () => {
    const r = await api(svc, groupAdmin).get('/group/totals?period=2026-10');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      period: '2026-10',
      malls: [
        {
          mallId: 'east',
          merchants: 1,
          merchantsEvaluated: 1,
          merchantsZeroed: 0,
          averageScore: 66.7,
          forms: { issued: 0, filed: 3, overdue: 0, voided: 1 },
          penaltyCases: { open: 0, total: 0 },
        },
        {
          mallId: 'main',
          merchants: 2,
          merchantsEvaluated: 2,
          merchantsZeroed: 1,
          averageScore: 50,
          forms: { issued: 0, filed: 2, overdue: 1, voided: 0 },
          penaltyCases: { open: 1, total: 1 },
        },
      ],
    });
  });

  it('aMonthWithoutFacts_listsTheMallsWithNothingEvaluated', async () => {
    const r = await api(svc, groupAdmin).get('/group/totals?period=2026-09');
    expect(r.status).toBe(200);
    expect(
      r.body.malls.map((m: { mallId: string; merchants: number; merchantsEvaluated: number; averageScore: number | null }) => m),
    ).toEqual([
      expect.objectContaining({ mallId: 'east', merchants: 1, merchantsEvaluated: 0, averageScore: null }),
      expect.objectContaining({ mallId: 'main', merchants: 2, merchantsEvaluated: 0, averageScore: null }),
    ]);
  });

  it('withoutAPeriod_isTheCurrentMonthOfTheDefaultMall', async () => {
    const r = await api(svc, groupAdmin).get('/group/totals');
    expect(r.status).toBe(200);
    expect(r.body.period).toBe(periodOf(localDate(new Date(), DEFAULT_POLICY.timeZone)));
  });

  it('aMallsAdministration_orAnyOtherRole_isRefused', async () => {
    for (const token of [
      tokens.admin,
      tokens.clerk,
      tokens.merchant('merchant-GA'),
      testToken({ sub: 'gm', username: 'manager', role: 'manager' }),
    ]) {
      const r = await api(svc, token).get('/group/totals?period=2026-10');
      expect(r.status).toBe(403);
    }
    const east = testToken({ sub: 'east-admin', username: 'east-admin', role: 'admin', mallId: 'east' });
    expect((await api(svc, east).get('/group/totals?period=2026-10')).status).toBe(403);
  });

  it('theGroupAdministration_readsNoMallsRecords_notEvenARouteForAnyRole', async () => {
    for (const path of ['/policy', '/scores?period=2026-10', '/penalty-cases']) {
      const r = await api(svc, groupAdmin).get(path);
      expect({ path, status: r.status }).toEqual({ path, status: 403 });
    }
    expect((await api(svc, tokens.clerk).get('/policy')).status).toBe(200); // a mall's role reads it
  });

  it('aPeriodThatIsNoMonth_isRefused', async () => {
    expect((await api(svc, groupAdmin).get('/group/totals?period=2026-13')).status).toBe(400);
  });
});
