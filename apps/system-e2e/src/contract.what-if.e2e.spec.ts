import { probe } from '@fd/platform/testing';
import { registerPurchases } from './support/contract-records';
import { ContractDesk, expectInvalid, expectProblem, openContractDesk } from './support/contract';

/**
 * The what-if policy replay through the entry point (docs/api.md#post-policywhat-if,
 * docs/rules.md#what-if-policy-replay): forms the system really let go overdue are previewed
 * with a longer returnDays; the preview changes nothing that is in force.
 */
describe('what-if policy replay through the entry point', () => {
  let desk: ContractDesk;
  let serials: string[];
  const scoreOfA = async () => (await desk.admin.get(`/merchants/${desk.a}/scores?period=${desk.period}`)).body;

  beforeAll(async () => {
    desk = await openContractDesk();
    const { deliverA, installA } = await registerPurchases(desk);
    serials = [deliverA, ...installA].map((f: any) => f.serial).sort();
    await probe(scoreOfA, (s) => s.formsIssued === serials.length, { what: "A's forms to reach the scoring", timeoutMs: 120000 });
    // planned today, due in 7 days: 8 days on, every form of A is overdue and A's month is 0
    expect((await desk.admin.post('/_test/clock', { advanceDays: 8 })).status).toBe(200);
    await probe(scoreOfA, (s) => s.score === 0 && s.violations?.length === serials.length, {
      what: "A's forms to go overdue",
      timeoutMs: 60000,
    });
  }, 300000);
  afterAll(async () => desk?.sys.stop());

  it('aLongerReturnDays_wouldLiftTheMissingForms_andNothingInForceChanges', async () => {
    const before = { score: await scoreOfA(), cases: (await desk.admin.get(`/penalty-cases?merchantId=${desk.a}`)).body };
    const r = await desk.admin.post('/policy/what-if', { returnDays: 30, from: desk.period, to: desk.period });
    expect(r.status).toBe(200);
    expect(r.body.policy.returnDays).toBe(30);
    expect(r.body.eventsRead).toBeGreaterThan(serials.length);
    expect(r.body.tookMs).toEqual(expect.any(Number));
    expect(
      r.body.violationsVanishing
        .filter((v: any) => v.merchantId === desk.a)
        .map((v: any) => v.serial)
        .sort(),
    ).toEqual(serials);
    expect(r.body.violationsAppearing).toEqual([]);
    // nothing filed: with no violation A's month has no score at all
    expect(r.body.merchants).toContainEqual(
      expect.objectContaining({ merchantId: desk.a, name: '好家居地板', period: desk.period, scoreNow: 0, scoreThen: null, delta: null }),
    );
    expect(await scoreOfA()).toEqual(before.score);
    expect((await desk.admin.get(`/penalty-cases?merchantId=${desk.a}`)).body).toEqual(before.cases);
  });

  it('onlyTheAdministrationMayPreview_andBadValuesAreRefused', async () => {
    expectInvalid(await desk.admin.post('/policy/what-if', { returnDays: -1 }), ['returnDays']);
    expectInvalid(await desk.admin.post('/policy/what-if', { timeZone: '+08:00' }), ['timeZone']);
    expectProblem(await desk.clerk.post('/policy/what-if', {}), 403);
    expectProblem(await desk.merchantA.post('/policy/what-if', {}), 403);
    expectProblem(await desk.sys.anonymous().post('/policy/what-if', {}), 401);
  });
});
