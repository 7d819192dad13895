import { addDays, localDate } from '@fd/kernel';
import { probe, uniqueName } from '@fd/platform/testing';
import { expectProblem } from './support/contract';
import { Api, E2eSystem } from './support/system';

/**
 * docs/rules.md, "Corrective and preventive actions", through the public entry point: the
 * administration opens an action from a case, the merchant answers it, the administration checks
 * it; an overdue action reaches the general manager's queue, who reassigns it. A merchant sees
 * only the actions addressed to it; the manager reads what the administration reads and writes
 * nothing of the administration's.
 */
describe('corrective actions and the general manager, end to end', () => {
  let sys: E2eSystem;
  let clerk: Api;
  let merchantA: Api;
  let merchantB: Api;
  let manager: Api;
  let a: string;
  let b: string;
  let caseId: string;
  let today: string;

  const open = (over: object = {}) =>
    sys.admin.post('/corrective-actions', {
      source: { kind: 'penalty_case', ref: caseId },
      problem: '反饋表未交回',
      cause: '收工時無人收表',
      action: '班長每日收表',
      owner: { merchantId: a },
      dueDate: addDays(today, 7),
      ...over,
    });

  beforeAll(async () => {
    sys = await E2eSystem.start();
    today = localDate(new Date((await sys.admin.get('/_test/clock')).body.now));
    a = (await sys.admin.post('/merchants', { name: uniqueName('措施商戶').slice(0, 30), stall: 'CA-1', category: '地板' })).body.id;
    b = (await sys.admin.post('/merchants', { name: uniqueName('別家商戶').slice(0, 30), stall: 'CA-2', category: '燈飾' })).body.id;
    clerk = await sys.account('clerk');
    merchantA = await sys.account('merchant', a);
    merchantB = await sys.account('merchant', b);
    manager = await sys.account('manager');
    const finding = await clerk.post('/findings', { merchantId: a, kind: 'service_without_form', note: '巡查發現未填反饋表' });
    expect(finding.status).toBe(201);
    caseId = (
      await probe(
        () => sys.admin.get(`/penalty-cases?merchantId=${a}`),
        (r) => r.body.items?.length === 1,
        { what: "the finding's case", timeoutMs: 30000 },
      )
    ).body.items[0].id;
  });
  afterAll(async () => sys?.stop());

  it('anAdministrator_makesAManagerAccount_whichSignsInAsManager', async () => {
    expect((await manager.get('/auth/me')).body).toMatchObject({ role: 'manager' });
    expect((await clerk.post('/users', { username: uniqueName('gm'), password: 'long-enough-1', role: 'manager' })).status).toBe(403);
  });

  it('open_answer_check_closesTheAction_andTheMerchantSeesOnlyItsOwn', async () => {
    const opened = await open();
    expect(opened.status).toBe(201);
    const id = opened.body.id;
    expect((await merchantA.get('/corrective-actions')).body.items.map((x: { id: string }) => x.id)).toEqual([id]);
    expect((await merchantB.get('/corrective-actions')).body.items).toEqual([]);
    expectProblem(await merchantB.get(`/corrective-actions?merchantId=${a}`), 403, 'OTHER_MERCHANT');
    expectProblem(await merchantB.get(`/corrective-actions/${id}`), 404, 'ACTION_NOT_FOUND');
    expectProblem(await merchantB.post(`/corrective-actions/${id}/answer`, { note: '不是我的', done: true }), 404, 'ACTION_NOT_FOUND');

    const answered = await merchantA.post(`/corrective-actions/${id}/answer`, { note: '已指定班長每日收表', done: true });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ status: 'done', answers: [{ by: 'merchant', done: true }] });
    const checked = await sys.admin.post(`/corrective-actions/${id}/check`, { effective: true, note: '此後無缺表' });
    expect(checked.body).toMatchObject({ status: 'closed', check: { effective: true } });
    expect((await merchantA.get(`/corrective-actions/${id}`)).body.status).toBe('closed');
  });

  it('theManager_readsWhatTheAdministrationReads_andCannotWriteItsThings', async () => {
    for (const path of ['/corrective-actions', '/users', '/audit', `/penalty-cases/${caseId}`, '/merchants', '/scores'])
      expect({ path, status: (await manager.get(path)).status }).toEqual({ path, status: 200 });
    const before = (await sys.admin.get('/corrective-actions')).body.items.length;
    expectProblem(await manager.post('/corrective-actions', {}), 403, 'FORBIDDEN');
    expectProblem(await manager.post(`/penalty-cases/${caseId}/decision`, { decision: 'dismiss', reason: 'r' }), 403, 'FORBIDDEN');
    expectProblem(await manager.post('/merchants', { name: 'n', stall: 's', category: 'c' }), 403, 'FORBIDDEN');
    expectProblem(await manager.post('/users', { username: uniqueName('x'), password: 'long-enough-1', role: 'admin' }), 403, 'FORBIDDEN');
    expectProblem(await clerk.get('/corrective-actions'), 403, 'FORBIDDEN');
    expect((await sys.admin.get('/corrective-actions')).body.items).toHaveLength(before);
  });

  it('anOverdueAction_reachesTheManagersQueueOnce_andTheManagerReassignsIt', async () => {
    const id = (await open({ dueDate: today })).body.id;
    expectProblem(await manager.post(`/corrective-actions/${id}/decision`, { decision: 'close', note: 'n' }), 422, 'ACTION_NOT_ESCALATED');
    expect((await sys.admin.post('/_test/clock', { advanceDays: 1 })).status).toBe(200);
    const queue = (await manager.get('/corrective-actions?escalated=true')).body.items;
    expect(queue.filter((x: { id: string }) => x.id === id)).toEqual([expect.objectContaining({ status: 'open', escalation: 'overdue' })]);
    expect((await manager.get('/corrective-actions?escalated=true')).body.items).toEqual(queue);

    const newDue = addDays(today, 10);
    const decided = await manager.post(`/corrective-actions/${id}/decision`, {
      decision: 'reassign',
      note: '請商戶負責人處理',
      dueDate: newDue,
    });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ status: 'open', dueDate: newDue, decisions: [{ decision: 'reassign', escalation: 'overdue' }] });
    expect((await manager.get('/corrective-actions?escalated=true')).body.items.map((x: { id: string }) => x.id)).not.toContain(id);
    expect((await merchantA.get(`/corrective-actions/${id}`)).body.dueDate).toBe(newDue);
  });
});
