import { addDays, localDate } from '@fd/kernel';
import { bootTestService, testToken } from '@fd/platform/testing';
import { scoringService } from './scoring.service-def';
import { api, deliver, Service, tokens, upstream } from './scoring.test-kit';

/**
 * Corrective and preventive actions (docs/rules.md, "Corrective and preventive actions"):
 * opened by the administration from a case, answered by the merchant, checked, and escalated
 * to the general manager when overdue or not effective; the manager decides.
 */
describe('corrective actions (real PostgreSQL and Kafka)', () => {
  let svc: Service;
  let caseId: string;
  const manager = testToken({ sub: 'gm-1', username: 'gm', role: 'manager' });
  const admin = () => api(svc, tokens.admin);
  const gm = () => api(svc, manager);
  const mine = () => api(svc, tokens.merchant('m-ca'));
  const other = () => api(svc, tokens.merchant('m-other'));
  // the mall's day furthest behind UTC and furthest ahead: the second is always a day or two later
  const WEST = 'Pacific/Pago_Pago';
  const EAST = 'Pacific/Kiritimati';
  const policy = (timeZone: string) => admin().put('/policy', { returnDays: 7, callbackSampleRate: 0.2, appealDays: 7, timeZone });
  const dueIn = (timeZone: string, days = 0) => addDays(localDate(new Date(), timeZone), days);
  const rows = async () => (await svc.runtime.ds.query(`SELECT count(*)::int AS n FROM "${svc.schema}".corrective_actions`))[0].n;
  const logged = async () =>
    (await svc.runtime.ds.query(`SELECT count(*)::int AS n FROM "${svc.schema}".events WHERE stream_type = 'corrective-action'`))[0].n;

  const opening = (over: object = {}) => ({
    source: { kind: 'penalty_case', ref: caseId },
    problem: 'Forms not returned',
    cause: 'Nobody collects the forms at closing',
    action: 'The shift lead collects the forms daily',
    owner: { merchantId: 'm-ca' },
    dueDate: dueIn(WEST, 14),
    ...over,
  });

  beforeAll(async () => {
    svc = await bootTestService(scoringService);
    const planned = addDays(localDate(new Date(), 'Asia/Shanghai'), -10);
    const u = upstream('m-ca', planned);
    const o = upstream('m-other', planned);
    await deliver(svc, [u.registered('好家居', 'A-1'), o.registered('明亮', 'B-2'), u.issued('CA-1'), u.overdue('CA-1')]);
    caseId = (await admin().get('/penalty-cases?merchantId=m-ca')).body.items[0].id;
    expect((await policy(WEST)).status).toBe(200);
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('open_fromACase_answeredByTheMerchant_checkedEffective_closes', async () => {
    const opened = await admin().post('/corrective-actions', opening());
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({
      status: 'open',
      owner: { merchantId: 'm-ca' },
      source: { kind: 'penalty_case', ref: caseId },
      answers: [],
    });
    expect(opened.body.escalation).toBeUndefined();
    const id = opened.body.id;
    expect((await admin().get(`/corrective-actions?sourceRef=${caseId}`)).body.items.map((a: any) => a.id)).toContain(id);

    const step = await mine().post(`/corrective-actions/${id}/answer`, { note: 'Shift lead assigned' });
    expect(step.status).toBe(200);
    expect(step.body).toMatchObject({ status: 'open', answers: [{ note: 'Shift lead assigned', done: false, by: 'merchant' }] });
    // checked before it is done: refused, nothing changes
    const early = await admin().post(`/corrective-actions/${id}/check`, { effective: true, note: 'too soon' });
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('ACTION_NOT_DONE');

    const done = await mine().post(`/corrective-actions/${id}/answer`, { note: 'Collected daily', done: true });
    expect(done.body.status).toBe('done');
    const again = await mine().post(`/corrective-actions/${id}/answer`, { note: 'more', done: true });
    expect(again.status).toBe(409);

    const checked = await admin().post(`/corrective-actions/${id}/check`, { effective: true, note: 'No missing form since' });
    expect(checked.status).toBe(200);
    expect(checked.body).toMatchObject({ status: 'closed', check: { effective: true, note: 'No missing form since' } });
    expect((await gm().get('/corrective-actions?escalated=true')).body.items.map((a: any) => a.id)).not.toContain(id);
  });

  it('notEffective_escalatesToTheManager_whoClosesIt', async () => {
    const id = (await admin().post('/corrective-actions', opening({ owner: { department: 'Customer service' } }))).body.id;
    // a department's action is answered by the administration, not a merchant
    expect((await mine().post(`/corrective-actions/${id}/answer`, { note: 'x', done: true })).status).toBe(404);
    expect((await admin().post(`/corrective-actions/${id}/answer`, { note: 'Training held', done: true })).body.status).toBe('done');
    const checked = await admin().post(`/corrective-actions/${id}/check`, { effective: false, note: 'Complaints still come in' });
    expect(checked.body).toMatchObject({ status: 'not_effective', escalation: 'not_effective' });

    const queue = (await gm().get('/corrective-actions?escalated=true')).body.items;
    expect(queue.filter((a: any) => a.id === id)).toHaveLength(1);
    // the queue reads the same however often it is opened
    expect((await gm().get('/corrective-actions?escalated=true')).body.items).toEqual(queue);

    const closed = await gm().post(`/corrective-actions/${id}/decision`, { decision: 'close', note: 'Moved to the training plan' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', decisions: [{ decision: 'close', escalation: 'not_effective' }] });
    expect(closed.body.escalation).toBeUndefined();
    const after = await gm().post(`/corrective-actions/${id}/decision`, { decision: 'close', note: 'again' });
    expect(after.status).toBe(422);
    expect(after.body.code).toBe('ACTION_CLOSED');
  });

  it('overdue_escalatesOnceTheDueDateHasEnded_andTheManagerReassignsIt', async () => {
    const id = (await admin().post('/corrective-actions', opening({ dueDate: dueIn(WEST) }))).body.id;
    expect((await gm().post(`/corrective-actions/${id}/decision`, { decision: 'close', note: 'n' })).body.code).toBe(
      'ACTION_NOT_ESCALATED',
    );
    expect((await gm().get(`/corrective-actions/${id}`)).body.escalation).toBeUndefined();
    // the mall moves to a time zone where its due date has already ended
    expect((await policy(EAST)).status).toBe(200);
    try {
      expect((await gm().get(`/corrective-actions/${id}`)).body).toMatchObject({ status: 'open', escalation: 'overdue' });
      expect((await gm().get('/corrective-actions?escalated=true')).body.items.filter((a: any) => a.id === id)).toHaveLength(1);
      expect((await admin().get('/corrective-actions?escalated=false')).body.items.map((a: any) => a.id)).not.toContain(id);

      const past = await gm().post(`/corrective-actions/${id}/decision`, { decision: 'reassign', note: 'n', dueDate: dueIn(WEST) });
      expect(past.status).toBe(400);
      expect((await gm().get(`/corrective-actions/${id}`)).body.decisions).toEqual([]);

      const reassigned = await gm().post(`/corrective-actions/${id}/decision`, {
        decision: 'reassign',
        note: "Talk to the merchant's owner",
        dueDate: dueIn(EAST, 7),
      });
      expect(reassigned.status).toBe(200);
      expect(reassigned.body).toMatchObject({
        status: 'open',
        dueDate: dueIn(EAST, 7),
        decisions: [{ decision: 'reassign', escalation: 'overdue' }],
      });
      expect(reassigned.body.escalation).toBeUndefined();
      expect((await mine().get(`/corrective-actions/${id}`)).body.dueDate).toBe(dueIn(EAST, 7));
    } finally {
      await policy(WEST);
    }
  });

  it('scopes_aMerchantSeesAndAnswersOnlyItsOwn_theManagerWritesOnlyDecisions', async () => {
    const id = (await admin().post('/corrective-actions', opening())).body.id;
    expect((await mine().get('/corrective-actions')).body.items.every((a: any) => a.owner.merchantId === 'm-ca')).toBe(true);
    expect((await mine().get('/corrective-actions')).body.items.map((a: any) => a.id)).toContain(id);
    expect((await other().get('/corrective-actions')).body.items).toEqual([]);
    expect((await other().get(`/corrective-actions?merchantId=m-ca`)).status).toBe(403);
    expect((await other().get(`/corrective-actions/${id}`)).status).toBe(404);
    const before = await logged();
    expect((await other().post(`/corrective-actions/${id}/answer`, { note: 'not mine', done: true })).status).toBe(404);
    expect((await gm().post('/corrective-actions', opening())).status).toBe(403);
    expect((await gm().post(`/corrective-actions/${id}/check`, { effective: true, note: 'n' })).status).toBe(403);
    expect((await api(svc, tokens.clerk).get('/corrective-actions')).status).toBe(403);
    // the manager reads what the administration reads, and writes nothing of the administration's
    expect((await gm().get('/penalty-cases')).status).toBe(200);
    expect((await gm().get('/scores?period=' + localDate(new Date(), 'Asia/Shanghai').slice(0, 7))).status).toBe(200);
    expect((await gm().put('/policy', { returnDays: 7, callbackSampleRate: 0.2, appealDays: 7, timeZone: WEST })).status).toBe(403);
    expect((await gm().post(`/penalty-cases/${caseId}/decision`, { decision: 'dismiss', reason: 'r' })).status).toBe(403);
    expect(await logged()).toBe(before);
  });

  it('badInput_isRefusedWithTheFields_andChangesNothing', async () => {
    const [before, events] = [await rows(), await logged()];
    const bad = await admin().post('/corrective-actions', { ...opening(), problem: ' ', owner: {}, dueDate: '2026-02-30' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.field).sort()).toEqual(['dueDate', 'owner', 'problem']);
    expect((await admin().post('/corrective-actions', opening({ dueDate: dueIn(WEST, -2) }))).status).toBe(400);
    expect((await admin().post('/corrective-actions', opening({ owner: { merchantId: 'no-such' } }))).body.code).toBe('MERCHANT_NOT_FOUND');
    expect((await admin().post('/corrective-actions', opening({ source: { kind: 'penalty_case', ref: 'PC-NONE' } }))).body.code).toBe(
      'CASE_NOT_FOUND',
    );
    expect((await admin().post('/corrective-actions/CA-NONE/check', { effective: true, note: 'n' })).body.code).toBe('ACTION_NOT_FOUND');
    expect([await rows(), await logged()]).toEqual([before, events]);
  });

  it('rebuildingTheScores_readsPastTheActionsEvents_andLeavesTheActionsAsTheyAre', async () => {
    const before = (await admin().get('/corrective-actions')).body.items;
    expect(before.length).toBeGreaterThan(0);
    const rebuilt = await admin().post('/admin/rebuild-scores', {});
    expect(rebuilt.status).toBe(200);
    expect((await admin().get('/corrective-actions')).body.items).toEqual(before);
    expect((await admin().get('/penalty-cases?merchantId=m-ca')).body.items.map((c: { id: string }) => c.id)).toEqual([caseId]);
  });
});
