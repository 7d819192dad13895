import type { Browser } from 'playwright-core';
import { localDate } from '@fd/kernel';
import { probe, uniqueName } from '@fd/platform/testing';
import { Api, E2eSystem } from '../support/system';
import { BrowserUsers, buildWebUiIfStale, expectToast, launchChromium, Login, screenshot, t, zh } from './browser';

/**
 * In a real browser on the running system: a clerk records a purchase kept from the desk and the
 * merchant's scorecard shows the month at 0 and why (docs/rules.md#purchase-kept-from-the-desk-未登記購買);
 * the administration's scores show each satisfaction rate's interval and count, rank by the lower
 * bound and mark a merchant with too few forms (docs/rules.md#worked-examples-of-fair-small-samples).
 */
describe('a sale kept from the desk and fair small samples, in a browser', () => {
  let sys: E2eSystem;
  let browser: Browser;
  let clerk: Api;
  let today: string;
  let period: string;
  let users: BrowserUsers;
  const logins: Record<'clerk' | 'admin' | 'kept', Login> = {} as never;
  const merchants: Record<'kept' | 'few' | 'more', { id: string; name: string }> = {} as never;
  const monthInWords = (p: string) =>
    new Intl.DateTimeFormat('zh-Hant', { timeZone: 'UTC', year: 'numeric', month: 'long' }).format(new Date(`${p}-01T00:00:00Z`));

  /** Files `n` forms of the merchant, all 很滿意 by certified staff, serviced today. */
  async function fileForms(merchantId: string, n: number) {
    const staffId = (
      await clerk.post(`/merchants/${merchantId}/staff`, {
        name: '師傅 W',
        phone: '13900000000',
        certificateNo: uniqueName('SG-W').slice(0, 20),
        certificateValidUntil: `${Number(today.slice(0, 4)) + 2}-01-01`,
      })
    ).body.id;
    const r = await clerk.post('/purchases', {
      customer: { name: '顧客 W', phone: '13812345678', address: '上海市浦東新區世紀大道 100 號' },
      lines: [
        {
          merchantId,
          items: [{ description: '地板', quantity: 1, amountCents: 100000 }],
          services: [{ type: 'install', plannedDate: today, visits: n }],
        },
      ],
    });
    if (r.status !== 201) throw new Error(`purchase refused: ${JSON.stringify(r.body)}`);
    for (const f of r.body.forms as Array<{ serial: string; verificationCode: string }>) {
      const filed = await probe(
        () =>
          clerk.post(`/forms/${f.serial}/return`, {
            verificationCode: f.verificationCode,
            rating: 'very_satisfied',
            staffId,
            servicedOn: today,
          }),
        (x) => x.status === 200,
        { what: `${f.serial} filed`, timeoutMs: 30000 },
      );
      expect(filed.status).toBe(200);
    }
  }

  beforeAll(async () => {
    buildWebUiIfStale();
    sys = await E2eSystem.start();
    browser = await launchChromium();
    users = new BrowserUsers(sys, browser);
    today = localDate(new Date((await sys.admin.get('/_test/clock')).body.now));
    period = today.slice(0, 7);
    clerk = await sys.account('clerk');
    // every filed form is scored at once, none sampled for a callback
    expect(
      (await sys.admin.put('/policy', { returnDays: 7, callbackSampleRate: 0, appealDays: 7, timeZone: 'Asia/Shanghai' })).status,
    ).toBe(200);
    for (const [key, stall] of [
      ['few', 'A-1'],
      ['more', 'B-1'],
      ['kept', 'C-1'],
    ] as const) {
      const name = uniqueName(`小樣本${key}`).slice(0, 30);
      merchants[key] = { id: (await sys.admin.post('/merchants', { name, stall, category: '建材' })).body.id, name };
    }
    await fileForms(merchants.few.id, 1);
    await fileForms(merchants.more.id, 2);
    logins.clerk = await users.account('clerk');
    logins.admin = await users.account('admin');
    logins.kept = await users.account('merchant', merchants.kept.id);
    await probe(
      () => sys.admin.get(`/scores?period=${period}`),
      (r) =>
        r.body.items?.find((i: { merchantId: string }) => i.merchantId === merchants.more.id)?.satisfactionCount === 2 &&
        r.body.items?.find((i: { merchantId: string }) => i.merchantId === merchants.few.id)?.satisfactionCount === 1,
      { what: 'the filed forms scored', timeoutMs: 60000 },
    );
  }, 240000);

  afterAll(async () => {
    await users?.closeAll();
    await browser?.close();
    await sys?.stop();
  });

  it('exampleU2_theClerkRecordsASaleKeptFromTheDesk_andTheMerchantSeesWhyItsMonthIs0_onAPhone', async () => {
    const page = await users.signIn(logins.clerk);
    await page.goto(`${sys.url}/#/findings`);
    const form = page.getByRole('form', { name: t('findings.new') });
    await form.getByLabel(t('common.merchant')).selectOption(merchants.kept.id);
    await form.getByLabel(t('findings.kind'), { exact: true }).selectOption('purchase_not_registered');
    // no purchase, card or form to name: the desk has none
    expect(await form.getByLabel(t('findings.cardNo')).count()).toBe(0);
    await form.getByLabel(t('findings.purchasedOn')).waitFor();
    await form.getByLabel(t('findings.note')).fill('顧客投訴：購買冷氣機，商戶未帶到服務台領保險卡');
    await form.getByRole('button', { name: t('findings.submit') }).click();
    const question = form.getByRole('alertdialog', { name: t('findings.submit') });
    await question.getByText(t('consequence.zero', { merchant: merchants.kept.name, month: monthInWords(period) })).waitFor();
    await question.getByRole('button', { name: t('findings.confirmSubmit') }).click();
    await expectToast(page, t('findings.recorded', { merchant: merchants.kept.name }));
    await page.locator('td[data-finding-kind="purchase_not_registered"]').first().waitFor();

    await probe(
      async () => (await sys.admin.get(`/merchants/${merchants.kept.id}/scores?period=${period}`)).body,
      (s) => s.score === 0,
      { what: 'the month at 0', timeoutMs: 30000 },
    );
    const phone = await users.signIn(logins.kept, { width: 390, height: 844 });
    await phone.goto(`${sys.url}/#/merchants/${merchants.kept.id}/scorecard?period=${period}`);
    await phone.locator('[data-stat="score"] .stat__value', { hasText: '0' }).waitFor();
    await phone.getByText(zh['penaltyKind.purchase_not_registered'], { exact: true }).first().waitFor();
    await phone.getByText(zh['penaltyKind.purchase_not_registered.explained'], { exact: false }).first().waitFor();
    await screenshot(phone, 'kept-from-desk-scorecard-phone');
  });

  it('exampleW3_theAdministrationRanksByTheLowerBound_andMarksTooFewForms', async () => {
    const page = await users.signIn(logins.admin);
    // two forms are enough to compare here, set on the policy page, so the list can show both kinds with few forms
    await page.goto(`${sys.url}/#/policy`);
    const policy = page.getByRole('form', { name: t('policy.change') });
    await policy.getByLabel(t('policy.minFormsToCompare')).fill('2');
    await policy.getByRole('button', { name: t('policy.save') }).click();
    await probe(
      async () => (await sys.admin.get('/policy')).body,
      (p) => p.minFormsToCompare === 2,
      { what: 'minFormsToCompare 2 in force', timeoutMs: 10000 },
    );
    await page.goto(`${sys.url}/#/scores?period=${period}`);
    const rows = page.locator('tr[data-merchant]');
    const order = () => rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-merchant')));
    const ours = (ids: (string | null)[]) => ids.filter((id) => id === merchants.few.id || id === merchants.more.id);
    await page.locator(`tr[data-merchant="${merchants.more.id}"]`).waitFor();
    // by stall: A-1 (one form) before B-1 (two)
    expect(ours(await order())).toEqual([merchants.few.id, merchants.more.id]);
    const few = page.locator(`tr[data-merchant="${merchants.few.id}"]`);
    await few.locator('[data-too-few]').getByText(zh['sample.tooFew']).waitFor();
    await few.getByText(t('sample.interval', { lower: '20.7%', upper: '100.0%', n: 1 })).waitFor();
    expect(await page.locator(`tr[data-merchant="${merchants.more.id}"] [data-too-few]`).count()).toBe(0);

    await page.getByRole('button', { name: zh['scores.rankByLowerBound'] }).click();
    await page.locator('[data-rank-lower-bound][aria-pressed="true"]').waitFor();
    await probe(
      async () => ours(await order()),
      (ids) => ids[0] === merchants.more.id && ids.length === 2,
      {
        what: 'the merchant with more forms first',
        timeoutMs: 10000,
      },
    );
    // the one with no satisfaction rate (the kept sale's) comes after both
    const all = await order();
    expect(all.indexOf(merchants.kept.id)).toBeGreaterThan(all.indexOf(merchants.few.id));
    await screenshot(page, 'scores-ranked-by-lower-bound');
  });
});
