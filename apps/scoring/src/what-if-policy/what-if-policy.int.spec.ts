import { FormFiled } from '@fd/contracts';
import { bootTestService } from '@fd/platform/testing';
import { scoringService } from '../scoring.service-def';
import { api, deliver, Service, tokens, upstream, Upstream } from '../scoring.test-kit';

// docs/rules.md#what-if-policy-replay: the log replayed with other values, the live evaluation untouched
describe('what-if policy replay (real PostgreSQL and Kafka)', () => {
  let svc: Service;
  const admin = () => api(svc, tokens.admin);
  const M = 'wi-merchant-1';
  const u = upstream(M, '2026-10-01');
  const b = upstream(M, '2026-10-02');
  /** A filed 很滿意 at 09:00 in Shanghai on 2026-10-10, two days after its due date (2026-10-08). */
  const lateFiling: Upstream = {
    contract: FormFiled,
    payload: {
      serial: 'WI-A',
      merchantId: M,
      plannedDate: '2026-10-01',
      rating: 'very_satisfied',
      staffId: 'staff-1',
      staffCertified: true,
      servicedOn: '2026-10-01',
      filedAt: '2026-10-10T01:00:00.000Z',
      late: true,
    },
    now: new Date('2026-10-10T01:00:00.000Z'),
  };
  const live = async () => {
    const q = (sql: string) => svc.runtime.ds.query(sql.replaceAll('S.', `"${svc.schema}".`));
    return {
      events: (await q('SELECT count(*)::int AS n FROM S.events'))[0].n,
      scores: await q('SELECT * FROM S.scores ORDER BY merchant_id, period'),
      violations: await q('SELECT * FROM S.violations ORDER BY id'),
      forms: await q('SELECT * FROM S.forms ORDER BY serial'),
      cases: await q('SELECT case_id, status, state FROM S.penalty_cases ORDER BY case_id'),
    };
  };

  beforeAll(async () => {
    svc = await bootTestService(scoringService);
    await deliver(svc, [
      // registered before its forms, on the story's own days: published on another topic than the forms',
      // it may be recorded in any order among them, so a time of now (weeks after the story) must not slip
      // in before the late filing and end WI-A's shadow due date unseen
      { ...u.registered('What-if Flooring', 'W-1'), now: new Date('2026-09-20T02:00:00.000Z') },
      { ...u.issued('WI-A'), now: new Date('2026-09-25T02:00:00.000Z') },
      { ...b.issued('WI-B'), now: new Date('2026-09-25T02:00:00.000Z') },
      { ...b.filed('WI-B', 'satisfied'), now: new Date('2026-10-03T02:00:00.000Z') },
      // its case is recorded at the service's clock, weeks after: a late consumer (counted at the overdue's time)
      u.overdue('WI-A', { now: new Date('2026-10-08T16:00:30.000Z') }),
      lateFiling,
    ]);
  }, 120000);
  afterAll(async () => svc?.stop());

  it('longerReturnDays_showTheMonthThatWouldScore_andWriteNothing', async () => {
    const before = await live();
    expect(before.scores).toEqual([expect.objectContaining({ merchant_id: M, period: '2026-10', score: 0 })]);

    const res = await admin().post('/policy/what-if', { returnDays: 10, callbackSampleRate: 0.5, from: '2026-10', to: '2026-10' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      policy: { returnDays: 10, appealDays: 7, callbackSampleRate: 0.5, timeZone: 'Asia/Shanghai' },
      policyVersion: 1,
      from: '2026-10',
      to: '2026-10',
      eventsRead: before.events,
      notReplayed: ['callbackSampleRate'],
      merchants: [
        {
          merchantId: M,
          name: 'What-if Flooring',
          period: '2026-10',
          scoreNow: 0,
          scoreThen: 100,
          delta: 100,
          returnRateNow: 100,
          returnRateThen: 100,
        },
      ],
      violationsAppearing: [],
      violationsVanishing: [
        {
          id: 'missing:WI-A',
          merchantId: M,
          merchantName: 'What-if Flooring',
          period: '2026-10',
          kind: 'form_not_returned',
          serial: 'WI-A',
          dueDate: '2026-10-08',
        },
      ],
      truncated: false,
    });
    expect(res.body.eventsRead).toBeGreaterThanOrEqual(7); // 6 facts and the case the overdue form opened
    expect(res.body.tookMs).toBeGreaterThanOrEqual(0);
    expect(await live()).toEqual(before);
    expect((await admin().get('/policy')).body).toMatchObject({ version: 1, returnDays: 7 });
  });

  it('shorterAppealDays_listTheCaseWhoseWindowWouldMove', async () => {
    const res = await admin().post('/policy/what-if', { appealDays: 2, from: '2026-10', to: '2026-10' });
    expect(res.status).toBe(200);
    expect(res.body.merchants).toEqual([]);
    expect(res.body.cases).toEqual([
      expect.objectContaining({ merchantId: M, period: '2026-10', appealDeadlineThen: expect.any(String), appealOutOfTime: false }),
    ]);
    const c = res.body.cases[0];
    expect(c.appealDeadlineThen < c.appealDeadlineNow).toBe(true);
  });

  it('badInput_isRefusedWithTheErrorShape_andOnlyAnAdminMayPreview', async () => {
    for (const body of [{ returnDays: 400 }, { from: '2026-10', to: '2026-09' }, { from: '2024-01', to: '2026-10' }, { whatever: 1 }]) {
      const res = await admin().post('/policy/what-if', body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    expect((await api(svc, tokens.clerk).post('/policy/what-if', {})).status).toBe(403);
  });
});
