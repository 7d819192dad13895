import type { Browser } from 'playwright-core';
import { addDays, localDate } from '@fd/kernel';
import { probe, uniqueName } from '@fd/platform/testing';
import { E2eSystem } from '../support/system';
import { BrowserUsers, buildWebUiIfStale, expectToast, launchChromium, Login, t } from './browser';

/**
 * Corrective and preventive actions (docs/rules.md, "Corrective and preventive actions") in a
 * real browser: the administration opens one from a penalty case's page; the merchant answers it
 * on a phone; left undone past its due date it appears in the general manager's queue, who
 * reassigns it; done, and checked not effective, it is back in the queue, and the manager closes it.
 */
describe('corrective actions and the general manager, in a browser', () => {
  let sys: E2eSystem;
  let browser: Browser;
  let users: BrowserUsers;
  const people: Record<'admin' | 'merchant' | 'manager', Login> = {} as never;
  let merchantId: string;
  let caseId: string;
  let today: string;

  const onlyAction = async () => {
    const { items } = (await sys.admin.get(`/corrective-actions?merchantId=${merchantId}`)).body;
    return items[0];
  };

  beforeAll(async () => {
    buildWebUiIfStale();
    sys = await E2eSystem.start();
    browser = await launchChromium();
    users = new BrowserUsers(sys, browser);
    today = localDate(new Date((await sys.admin.get('/_test/clock')).body.now));
    merchantId = (await sys.admin.post('/merchants', { name: uniqueName('措施地板').slice(0, 30), stall: 'CA-9', category: '地板' })).body
      .id;
    const clerk = await sys.account('clerk');
    await clerk.post('/findings', { merchantId, kind: 'service_without_form', note: '巡查發現未開反饋表' });
    caseId = (
      await probe(
        () => sys.admin.get(`/penalty-cases?merchantId=${merchantId}`),
        (r) => r.body.items?.length === 1,
        { what: "the finding's case", timeoutMs: 30000 },
      )
    ).body.items[0].id;
    people.admin = await users.account('admin');
    people.merchant = await users.account('merchant', merchantId);
    people.manager = await users.account('manager');
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
  });
  afterEach(() => {
    for (const u of users?.opened ?? []) expect(u.errors).toEqual([]);
  });

  it('opened from a case, answered on a phone, overdue to the manager who reassigns it, then not effective and closed', async () => {
    // the administration opens the action from the case's page
    const admin = await users.signIn(people.admin);
    await admin.goto(`${sys.url}/#/cases/${caseId}`);
    await admin.getByRole('heading', { name: t('cases.about'), exact: true }).waitFor();
    await admin.getByRole('link', { name: t('actions.openFromCase') }).click();
    const form = admin.getByRole('form', { name: t('actions.new') });
    expect(await form.getByLabel(t('actions.field.sourceRef')).inputValue()).toBe(caseId);
    expect(await form.getByLabel(t('actions.field.merchantId')).inputValue()).toBe(merchantId);
    await form.getByLabel(t('actions.field.problem')).fill('上門維修未開反饋表');
    await form.getByLabel(t('actions.field.cause')).fill('師傅不知道維修也要開表');
    await form.getByLabel(t('actions.field.action')).fill('全體師傅培訓，每單維修前開表');
    await form.getByLabel(t('actions.field.dueDate')).fill(today);
    await form.getByRole('button', { name: t('actions.new') }).click();
    const action = await probe(onlyAction, (a) => a !== undefined, { what: 'the action opened', timeoutMs: 10000 });
    await expectToast(admin, t('actions.opened', { id: action.id }));
    expect(action).toMatchObject({ status: 'open', dueDate: today, source: { kind: 'penalty_case', ref: caseId } });

    // the merchant answers on a phone, without marking it done
    const phone = await users.signIn(people.merchant, { width: 390, height: 844 });
    await phone.goto(`${sys.url}/#/actions`);
    const card = phone.locator(`[data-action="${action.id}"]`);
    await card.getByText('全體師傅培訓，每單維修前開表').waitFor();
    const answer = card.getByRole('form', { name: t('actions.answer') });
    await answer.getByLabel(t('actions.field.note')).fill('已安排培訓時間');
    await answer.getByRole('button', { name: t('actions.answerSubmit') }).click();
    await expectToast(phone, t('actions.answered'));
    await card.getByText('已安排培訓時間').waitFor();

    // the due date ends undone: the general manager's queue, where the manager signs in
    await sys.admin.post('/_test/clock', { advanceDays: 1 });
    const gm = await users.signIn(people.manager);
    await gm.goto(`${sys.url}/#/actions/escalated`);
    const queued = gm.locator(`[data-action="${action.id}"]`);
    await queued.getByText(t('actions.escalation.overdue')).waitFor();
    const decide = queued.getByRole('form', { name: t('actions.decide') });
    await decide.getByLabel(t('actions.newDueDate')).fill(addDays(today, 8));
    await decide.getByLabel(t('actions.field.note')).fill('請商戶負責人親自跟進');
    await decide.getByRole('button', { name: t('actions.decideSubmit') }).click();
    await expectToast(gm, t('actions.decided'));
    await gm.getByText(t('actions.queueEmpty')).waitFor();
    expect(await onlyAction()).toMatchObject({ status: 'open', dueDate: addDays(today, 8), decisions: [{ decision: 'reassign' }] });

    // done on the phone, checked not effective by the administration: back to the manager, who closes it
    await phone.reload();
    await answer.getByLabel(t('actions.field.note')).fill('培訓已完成');
    await answer.getByLabel(t('actions.markDone')).check();
    await answer.getByRole('button', { name: t('actions.answerSubmit') }).click();
    await card.getByText(t('actions.status.done')).waitFor();

    await admin.goto(`${sys.url}/#/actions`);
    await admin.reload(); // the list as it is now, after the merchant's answer
    const check = admin.locator(`[data-action="${action.id}"]`).getByRole('form', { name: t('actions.check') });
    await check.getByLabel(t('actions.check')).selectOption('no');
    await check.getByLabel(t('actions.field.note')).fill('本月又有一單未開表');
    await check.getByRole('button', { name: t('actions.checkSubmit') }).click();
    await expectToast(admin, t('actions.checked'));

    await gm.reload();
    await queued.getByText(t('actions.escalation.not_effective')).first().waitFor();
    await decide.getByLabel(t('actions.decide')).selectOption('close');
    await decide.getByLabel(t('actions.field.note')).fill('改列入年度培訓計畫');
    await decide.getByRole('button', { name: t('actions.decideSubmit') }).click();
    await gm.getByText(t('actions.queueEmpty')).waitFor();
    expect(await onlyAction()).toMatchObject({ status: 'closed' });
    await phone.reload();
    await card.getByText(t('actions.status.closed')).waitFor();
  });
});
