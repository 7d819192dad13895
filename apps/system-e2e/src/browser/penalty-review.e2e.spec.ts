import type { Browser } from 'playwright-core';
import { localDate } from '@fd/kernel';
import { probe, uniqueName } from '@fd/platform/testing';
import { E2eSystem } from '../support/system';
import { BrowserUsers, buildWebUiIfStale, expectToast, launchChromium, Login, t } from './browser';

/**
 * The penalty review's dates and money in a real browser (docs/rules.md, examples R8 and R9): the
 * administration cannot decide while the merchant may still appeal and is told from which day it
 * can; the merchant, on a phone, waives its appeal after a confirmation; the administration
 * upholds with a fine, which shows unpaid until its receipt is recorded, and the merchant sees it paid.
 */
describe('the penalty review: the appeal window, a waiver and a fine paid, in a browser', () => {
  let sys: E2eSystem;
  let browser: Browser;
  let users: BrowserUsers;
  const people: Record<'admin' | 'merchant', Login> = {} as never;
  let caseId: string;
  let today: string;

  beforeAll(async () => {
    buildWebUiIfStale();
    sys = await E2eSystem.start();
    browser = await launchChromium();
    users = new BrowserUsers(sys, browser);
    today = localDate(new Date((await sys.admin.get('/_test/clock')).body.now));
    const merchantId = (await sys.admin.post('/merchants', { name: uniqueName('審核窗簾').slice(0, 30), stall: 'P-1', category: '布藝' }))
      .body.id;
    const clerk = await sys.account('clerk');
    const finding = await clerk.post('/findings', { merchantId, kind: 'service_without_form', note: '巡查發現一次無反饋表的安裝' });
    if (finding.status !== 201) throw new Error(`finding refused: ${JSON.stringify(finding.body)}`);
    caseId = (
      await probe(
        () => sys.admin.get(`/penalty-cases?merchantId=${merchantId}`),
        (r) => r.body.items?.length === 1,
        { what: 'the finding’s case' },
      )
    ).body.items[0].id;
    people.admin = await users.account('admin');
    people.merchant = await users.account('merchant', merchantId);
  }, 180000);

  afterEach(() => {
    for (const u of users?.opened ?? []) expect(u.errors).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
  });

  it('exampleR8_theAdministrationIsToldFromWhichDayTheCaseCanBeDecided_untilTheMerchantWaivesItsAppealOnAPhone', async () => {
    const c = (await sys.admin.get(`/penalty-cases/${caseId}`)).body;
    const admin = await users.signIn(people.admin);
    await admin.goto(`${sys.url}/#/cases/${caseId}`);
    await admin.getByText(t('cases.decidableFrom', { date: c.decidableFrom })).waitFor();
    expect(await admin.getByRole('button', { name: t('cases.submitDecision') }).count()).toBe(0);

    const merchant = await users.signIn(people.merchant, { width: 390, height: 844 });
    await merchant.goto(`${sys.url}/#/cases/${caseId}`);
    await merchant.getByRole('button', { name: t('cases.waiveAppeal') }).click();
    // asked first: Cancel waives nothing
    await merchant.getByText(t('cases.confirmWaiveText', { id: caseId })).waitFor();
    await merchant.getByRole('button', { name: t('common.cancel') }).click();
    expect((await sys.admin.get(`/penalty-cases/${caseId}`)).body.appealWaivedAt).toBeUndefined();
    await merchant.getByRole('button', { name: t('cases.waiveAppeal') }).click();
    await merchant.getByRole('button', { name: t('cases.confirmWaive') }).click();
    await expectToast(merchant, t('cases.waiverDone', { id: caseId }));

    await admin.reload();
    await admin.getByRole('button', { name: t('cases.submitDecision') }).waitFor();
  });

  it('exampleR9_anUpheldFineShowsUnpaid_untilTheAdministrationRecordsItsReceipt_andTheMerchantSeesItPaid', async () => {
    const admin = await users.signIn(people.admin);
    await admin.goto(`${sys.url}/#/cases/${caseId}`);
    await admin.getByRole('radio', { name: t('decision.uphold.action') }).click();
    await admin.getByLabel(t('cases.decisionReason')).fill('巡查屬實');
    await admin.getByLabel(t('cases.fineYuan')).fill('500');
    await admin.getByRole('button', { name: t('cases.submitDecision') }).click();
    await expectToast(admin, t('cases.upheld', { id: caseId }));
    await admin.getByText(t('cases.fineUnpaid'), { exact: true }).waitFor();

    await admin.getByLabel(t('cases.receiptNo')).fill('R-2027-0117');
    await admin.getByRole('button', { name: t('cases.recordFinePayment') }).click();
    await expectToast(admin, t('cases.finePaymentDone', { id: caseId }));
    const paid = t('cases.finePaid', { date: today, receipt: 'R-2027-0117' });
    await admin.getByText(paid).waitFor();

    const merchant = await users.signIn(people.merchant, { width: 390, height: 844 });
    await merchant.goto(`${sys.url}/#/cases/${caseId}`);
    await merchant.getByText(paid).waitFor();
  });
});
