import path from 'node:path';
import type { Browser } from 'playwright-core';
import { localDate } from '@fd/kernel';
import { probe, uniqueName } from '@fd/platform/testing';
import { Api, E2eSystem } from '../support/system';
import { BrowserUsers, buildWebUiIfStale, expectToast, launchChromium, Login, SCREENSHOTS, t } from './browser';

/**
 * Consequences before they happen (docs/rules.md#6-callback) and corrections
 * (docs/rules.md#7-violations-and-penalty-cases), in a real browser on the running system: the
 * desk is told whose month becomes 0 and which, in words, before a disputed rating that forges a
 * form or a finding; Cancel changes nothing; an administrator's correction brings the merchant's
 * score back, as the merchant reads it on a phone.
 */
describe('consequences told before they happen, and corrections, in a browser', () => {
  let sys: E2eSystem;
  let browser: Browser;
  let clerk: Api;
  let users: BrowserUsers;
  const people: Record<'clerk' | 'admin' | 'merchant', Login> = {} as never;
  const name = uniqueName('後果地磚').slice(0, 30);
  let merchantId: string;
  let period: string;
  let serial: string;
  let caseId: string;
  const monthInWords = (p: string) =>
    new Intl.DateTimeFormat('zh-Hant', { timeZone: 'UTC', year: 'numeric', month: 'long' }).format(new Date(`${p}-01T00:00:00Z`));
  const score = async () => (await sys.admin.get(`/merchants/${merchantId}/scores?period=${period}`)).body;

  beforeAll(async () => {
    buildWebUiIfStale();
    sys = await E2eSystem.start();
    browser = await launchChromium();
    users = new BrowserUsers(sys, browser);
    const today = localDate(new Date((await sys.admin.get('/_test/clock')).body.now));
    period = today.slice(0, 7);
    clerk = await sys.account('clerk');
    // every filed form is called back
    await sys.admin.put('/policy', { returnDays: 7, callbackSampleRate: 1, appealDays: 7, timeZone: 'Asia/Shanghai' });
    merchantId = (await sys.admin.post('/merchants', { name, stall: 'C-303', category: '地磚' })).body.id;
    const staffId = (
      await clerk.post(`/merchants/${merchantId}/staff`, {
        name: '趙師傅',
        phone: '13800000003',
        certificateNo: 'CC-1',
        certificateValidUntil: `${Number(today.slice(0, 4)) + 2}-01-01`,
      })
    ).body.id;
    const r = await clerk.post('/purchases', {
      customer: { name: '林先生', phone: '13912340000', address: '上海市黃浦區南京東路 1 號' },
      lines: [
        {
          merchantId,
          items: [{ description: '地磚', quantity: 20, amountCents: 500000 }],
          services: [{ type: 'install', plannedDate: today, visits: 2 }],
        },
      ],
    });
    if (r.status !== 201) throw new Error(`purchase refused: ${JSON.stringify(r.body)}`);
    for (const f of r.body.forms)
      await clerk.post(`/forms/${f.serial}/return`, {
        verificationCode: f.verificationCode,
        rating: 'very_satisfied',
        staffId,
        servicedOn: today,
      });
    serial = r.body.forms[1].serial;
    await probe(score, (s) => s.score === 100, { what: 'two forms filed 很滿意: 100.0', timeoutMs: 30000 });
    await probe(
      () => clerk.get(`/callbacks?serial=${serial}&status=open`),
      (x) => x.body.items?.length === 1,
      { what: `the callback of ${serial}` },
    );
    people.clerk = await users.account('clerk');
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

  it('aDisputedRatingThatForgesTheForm_namesTheMerchantAndTheMonth_Cancel changes nothing, and confirmed it sets the month to 0', async () => {
    const page = await users.signIn(people.clerk);
    await page.goto(`${sys.url}/#/callbacks`);
    const task = page.locator(`[data-serial="${serial}"]`);
    await task.waitFor();
    const disputeAndRecord = async () => {
      await task.getByRole('button', { name: `${t('outcome.rating_disputed')}…` }).click();
      await task.getByRole('radio', { name: t('rating.unsatisfied') }).click();
      await task.getByRole('button', { name: t('callbacks.record'), exact: true }).click();
    };
    await disputeAndRecord();
    const question = task.getByRole('alertdialog', { name: t('outcome.rating_disputed') });
    // the forms service says what it will do: this merchant, this month, in words
    await question.getByText(t('consequence.zero', { merchant: name, month: monthInWords(period) })).waitFor();
    // docs/screenshots keeps a copy: the card asking first, in words
    await task.screenshot({ path: path.join(SCREENSHOTS, 'clerk-consequence-confirm.png') });
    await question.getByRole('button', { name: t('common.cancel') }).click();
    await question.waitFor({ state: 'detached' });
    await task.getByText(t('callbacks.attempts', { n: 0 })).waitFor();
    expect((await score()).score).toBe(100);

    await disputeAndRecord();
    await question.getByRole('button', { name: t('callbacks.confirmRecord', { outcome: t('outcome.rating_disputed') }) }).click();
    await expectToast(page, t('callbacks.recorded', { outcome: t('outcome.rating_disputed'), serial }));
    const zero = await probe(score, (s) => s.score === 0 && s.violations?.[0]?.caseId, { what: 'the month at 0 with its case' });
    caseId = zero.violations[0].caseId;
  });

  it('aFindingNamingAnUnknownPurchase_isRefusedBeforeItCanBeConfirmed_andNothingIsRecorded', async () => {
    const page = await users.signIn(people.clerk);
    await page.goto(`${sys.url}/#/findings`);
    const form = page.getByRole('form', { name: t('findings.new') });
    await form.getByLabel(t('common.merchant')).selectOption(merchantId);
    await form.getByLabel(t('findings.purchaseId')).fill('abc123');
    await form.getByLabel(t('findings.note')).fill('巡查發現未發反饋表');
    await form.getByRole('button', { name: t('findings.submit') }).click();
    const question = form.getByRole('alertdialog', { name: t('findings.submit') });
    await question.getByText(t('problem.UNKNOWN_REFERENCE')).waitFor();
    expect(await question.getByRole('button', { name: t('findings.confirmSubmit') }).isDisabled()).toBe(true);
    await question.getByRole('button', { name: t('common.cancel') }).click();
    // with no reference, it says whose month and which before recording
    await form.getByLabel(t('findings.purchaseId')).fill('');
    await form.getByRole('button', { name: t('findings.submit') }).click();
    await question.getByText(t('consequence.zero', { merchant: name, month: monthInWords(period) })).waitFor();
    await question.getByRole('button', { name: t('common.cancel') }).click();
    await question.waitFor({ state: 'detached' });
    expect((await clerk.get(`/findings?merchantId=${merchantId}`)).body.items).toEqual([]);
  });

  it('theAdministrationCorrectsTheMistakenOutcome_andTheMerchantSeesItsScoreBack_onAPhone', async () => {
    const admin = await users.signIn(people.admin);
    await admin.goto(`${sys.url}/#/cases/${caseId}`);
    const correction = admin.getByRole('form', { name: t('correct.title') });
    await correction.getByLabel(t('correct.reason')).fill('顧客說的是很滿意，客服按錯了');
    await correction.getByRole('button', { name: t('correct.submit') }).click();
    const question = correction.getByRole('alertdialog', { name: t('correct.submit') });
    await question
      .getByText(
        t('correct.confirm', {
          what: t('correct.theOutcome', { outcome: t('outcome.rating_disputed') }),
          merchant: `${name} · C-303`,
          month: monthInWords(period),
        }),
      )
      .waitFor();
    await question.getByRole('button', { name: t('correct.confirmSubmit') }).click();
    await expectToast(admin, t('correct.done', { id: caseId }));
    await probe(score, (s) => s.score === 100, { what: 'the month back at 100.0' });

    const phone = await users.signIn(people.merchant, { width: 390, height: 844 });
    await phone.goto(`${sys.url}/#/merchants/${merchantId}/scorecard?period=${period}`);
    await phone.locator('[data-stat="score"] .stat__value', { hasText: '100.0' }).waitFor();
    await phone.getByText(t('violationStatus.corrected')).first().waitFor();
    // docs/screenshots keeps a copy: the corrected violation beside the score that came back
    await phone
      .locator('section', { has: phone.locator('.violation') })
      .first()
      .screenshot({ path: path.join(SCREENSHOTS, 'merchant-phone-corrected.png') });
    await phone.goto(`${sys.url}/#/cases/${caseId}`);
    await phone.getByText('顧客說的是很滿意，客服按錯了', { exact: true }).waitFor();
    await phone.getByText(t('cases.correctedNote')).waitFor();
  });
});
