import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { addDays, localDate } from '@fd/kernel';
import { probe, uniqueName } from '@fd/platform/testing';
import { Api, E2eSystem } from '../support/system';
import { buildWebUiIfStale, expectToast, launchChromium, screenshot, SCREENSHOTS, signIn, t, UserPage } from './browser';

const PHONE = { width: 390, height: 844 };

/** What the phone's screen shows, as it is (docs/screenshots keeps a copy of two of them). */
async function phoneScreen(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/**
 * The merchant reads everything on a 390×844 phone: lists as cards with status, rating and the
 * appeal deadline first, nothing wider than the screen, a chart whose words can be read, a closed
 * appeal window said as such, and its one appeal sent only once confirmed. At desk width a table
 * stays a table.
 */
describe('the merchant on a phone', () => {
  let sys: E2eSystem;
  let browser: Browser;
  const open: UserPage[] = [];
  let merchant: string;
  let login: { username: string; password: string };
  let closedCase: { id: string; appealDeadline: string };
  let openCase: { id: string };
  let clerk: Api;

  const merchantApi = async () => sys.anonymous().as((await sys.anonymous().post('/auth/login', login)).body.accessToken);

  /** Opens a finding against the merchant and waits for its penalty case. */
  async function caseByFinding(note: string): Promise<{ id: string; appealDeadline: string }> {
    const known = new Set(
      ((await sys.admin.get(`/penalty-cases?merchantId=${merchant}`)).body.items ?? []).map((c: { id: string }) => c.id),
    );
    expect((await clerk.post('/findings', { merchantId: merchant, kind: 'service_without_form', note })).status).toBe(201);
    const r = await probe(
      () => sys.admin.get(`/penalty-cases?merchantId=${merchant}`),
      (a) => a.status === 200 && a.body.items.some((c: { id: string }) => !known.has(c.id)),
      { timeoutMs: 30000, what: `the penalty case of the finding "${note}"` },
    );
    return r.body.items.find((c: { id: string }) => !known.has(c.id));
  }

  async function asMerchant(viewport = PHONE): Promise<Page> {
    const user = await signIn(browser, sys.url, login.username, login.password, viewport);
    open.push(user);
    return user.page;
  }

  async function loaded(page: Page, to: string): Promise<void> {
    await page.goto(`${sys.url}/#${to}`);
    await page.locator('main h1').waitFor();
    await probe(
      () => page.locator('.state--loading').count(),
      (n) => n === 0,
      { what: `${to} loaded` },
    );
  }

  /** How far the page reaches past the screen's right edge (0: no sideways scrolling). */
  const overflow = (page: Page) =>
    page.evaluate<number>('(document.scrollingElement ?? document.documentElement).scrollWidth - window.innerWidth');

  beforeAll(async () => {
    buildWebUiIfStale();
    sys = await E2eSystem.start();
    browser = await launchChromium();
    const today = localDate(new Date((await sys.admin.get('/_test/clock')).body.now));
    // names as long as the API takes them: a phone's card must still hold them
    merchant = (
      await sys.admin.post('/merchants', {
        name: uniqueName('長長的名字家居建材有限公司華南分公司旗艦店').slice(0, 100),
        stall: 'F-3-118',
        category: '地板',
      })
    ).body.id;
    await sys.admin.post(`/merchants/${merchant}/staff`, {
      name: '陳師傅',
      phone: '13800000011',
      certificateNo: 'CF-1',
      certificateValidUntil: addDays(today, 365),
    });
    login = { username: uniqueName('merchant'), password: `${uniqueName('pw')}-password` };
    expect((await sys.admin.post('/users', { ...login, role: 'merchant', merchantId: merchant })).status).toBe(201);
    clerk = await sys.account('clerk');
    const bought = await clerk.post('/purchases', {
      customer: { name: '歐陽小姐', phone: '13912340000', address: '上海市浦東新區世紀大道 100 號 2 棟 1203 室'.repeat(3) },
      lines: [
        {
          merchantId: merchant,
          items: [{ description: '橡木地板', quantity: 30, amountCents: 1280050 }],
          services: [
            { type: 'measure', plannedDate: today },
            { type: 'install', plannedDate: today, visits: 2 },
          ],
        },
      ],
    });
    expect([201, 202]).toContain(bought.status);

    // a case whose appeal window then passes, and one opened after that which may still be appealed
    closedCase = await caseByFinding('巡查發現安裝未開反饋表');
    await sys.admin.post('/_test/clock', { advanceDays: 8 });
    const now = localDate(new Date((await sys.admin.get('/_test/clock')).body.now));
    expect(now > closedCase.appealDeadline).toBe(true);
    openCase = await caseByFinding('顧客投訴量尺未開反饋表');
  }, 180000);

  afterEach(() => {
    for (const u of open) expect(u.errors).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
  });

  it('everyPageOfTheMerchant_fitsThePhonesWidth_andItsListsAreCardsWithTheKeyFieldsFirst', async () => {
    const page = await asMerchant();
    const pages = [
      `/merchants/${merchant}/scorecard?period=${(await sys.admin.get('/_test/clock')).body.now.slice(0, 7)}`,
      '/forms',
      '/cases?status=all',
      `/cases/${closedCase.id}`,
      `/cases/${openCase.id}`,
      '/account',
    ];
    for (const to of pages) {
      await loaded(page, to);
      expect({ to, overflow: await overflow(page) }).toEqual({ to, overflow: 0 });
    }

    await loaded(page, '/cases?status=all');
    const row = page.locator(`tr[data-case="${closedCase.id}"]`);
    await row.waitFor();
    // the status, then the appeal deadline, on top of the card; the case number under them
    const top = async (label: string) => (await row.locator(`td[data-label="${label}"]`).boundingBox())!.y;
    expect(await top(t('common.status'))).toBeLessThan(await top(t('cases.appealDeadline')));
    expect(await top(t('cases.appealDeadline'))).toBeLessThan(await top(t('cases.id')));
    // no cell wraps its value a character per line: each value is wider than it is tall, and the card fits the screen
    const cells = await row
      .locator('td')
      .evaluateAll((tds) => tds.map((td) => ({ w: td.getBoundingClientRect().width, h: td.getBoundingClientRect().height })));
    for (const c of cells) expect(c.h).toBeLessThan(c.w);
    expect(Math.max(...cells.map((c) => c.w))).toBeLessThanOrEqual(PHONE.width);
    await row.getByText(t('cases.appealClosedShort')).waitFor();
    await phoneScreen(page, 'merchant-phone-cases');

    await loaded(page, '/forms');
    const form = page.locator('tr[data-serial]').first();
    await form.waitFor();
    const formTop = async (label: string) => (await form.locator(`td[data-label="${label}"]`).boundingBox())!.y;
    expect(await formTop(t('common.status'))).toBeLessThan(await formTop(t('form.rating')));
    expect(await formTop(t('form.rating'))).toBeLessThan(await formTop(t('form.serial')));
  });

  it('theTwelveMonthChart_isReadableAtThePhonesWidth_andAStatusHasOneNameOnEveryPage', async () => {
    const page = await asMerchant();
    const period = (await sys.admin.get('/_test/clock')).body.now.slice(0, 7);
    await loaded(page, `/merchants/${merchant}/scorecard?period=${period}`);
    const chart = page.locator('figure.chart svg').first();
    await chart.waitFor();
    // the size of each word as drawn on the screen, in CSS pixels
    const sizes = await page.evaluate<number[]>(
      `[...document.querySelectorAll('figure.chart svg text')].map((el) => parseFloat(getComputedStyle(el).fontSize) * el.getScreenCTM().a)`,
    );
    expect(sizes.length).toBeGreaterThanOrEqual(12 + 5); // a label per month, the score's axis
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(10);
    // the months' labels do not run into each other
    const months = await chart
      .locator('.chart__axis--month')
      .evaluateAll((texts) => texts.map((el) => el.getBoundingClientRect()).map((r) => [r.left, r.right]));
    expect(months).toHaveLength(12);
    for (let i = 1; i < months.length; i++) expect(months[i][0]).toBeGreaterThan(months[i - 1][1]);
    await screenshot(page, 'merchant-phone-scorecard');

    // the open case is "under review" on the scorecard, on the list of cases and on its own page
    const name = t('violationStatus.open');
    await page
      .locator('.violation', { hasText: t('scorecard.case', { id: openCase.id }) })
      .getByText(name, { exact: true })
      .waitFor();
    await loaded(page, '/cases?status=open');
    await page
      .locator(`tr[data-case="${openCase.id}"] td[data-label="${t('common.status')}"]`)
      .getByText(name, { exact: true })
      .waitFor();
    await loaded(page, `/cases/${openCase.id}`);
    await page
      .locator('.dl__row', { hasText: t('common.status') })
      .getByText(name, { exact: true })
      .waitFor();
  });

  it('aClosedAppealWindow_saysWhenItClosed_andTheOneAppeal_isSentOnlyOnceConfirmed', async () => {
    const page = await asMerchant();
    await loaded(page, `/cases/${closedCase.id}`);
    await page.getByText(t('cases.appealClosed', { date: closedCase.appealDeadline })).waitFor();
    expect(await page.getByLabel(t('cases.appealStatement')).count()).toBe(0);
    expect(await page.getByText(t('cases.noAppeal')).count()).toBe(0);

    await loaded(page, `/cases/${openCase.id}`);
    await page.getByLabel(t('cases.appealStatement')).fill('顧客未在場，量尺改期；已補開反饋表。');
    await page.getByRole('button', { name: t('cases.submitAppeal') }).click();
    const question = page.getByRole('alertdialog', { name: t('cases.submitAppeal') });
    await question.getByText(t('cases.confirmAppeal', { id: openCase.id })).waitFor();
    await phoneScreen(page, 'merchant-phone-appeal-confirm');
    // Cancel sends nothing; the statement stays to be sent later
    await question.getByRole('button', { name: t('common.cancel') }).click();
    await question.waitFor({ state: 'detached' });
    const mine = await merchantApi();
    expect((await mine.get(`/penalty-cases/${openCase.id}`)).body.appeal).toBeUndefined();
    expect(await page.getByLabel(t('cases.appealStatement')).inputValue()).toContain('量尺改期');

    await page.getByRole('button', { name: t('cases.submitAppeal') }).click();
    await question.getByRole('button', { name: t('cases.confirmAppealSubmit') }).click();
    await expectToast(page, t('cases.appealDone', { id: openCase.id }));
    await page.locator('[data-appeal]', { hasText: '量尺改期' }).waitFor();
    expect((await mine.get(`/penalty-cases/${openCase.id}`)).body.appeal).toEqual(
      expect.objectContaining({ statement: '顧客未在場，量尺改期；已補開反饋表。' }),
    );
  });

  it('atDeskWidth_theListsStayTables', async () => {
    const page = await asMerchant({ width: 1280, height: 900 });
    await loaded(page, '/cases?status=all');
    await page.locator(`tr[data-case="${closedCase.id}"]`).waitFor();
    expect(
      await page.evaluate(`(() => {
        const shown = (selector) => getComputedStyle(document.querySelector(selector)).display;
        return { table: shown('table.table'), head: shown('table.table thead'), cell: shown('table.table tbody td') };
      })()`),
    ).toEqual({ table: 'table', head: 'table-header-group', cell: 'table-cell' });
    // the columns keep their order: the case number first
    const row = page.locator(`tr[data-case="${closedCase.id}"]`);
    const left = async (label: string) => (await row.locator(`td[data-label="${label}"]`).boundingBox())!.x;
    expect(await left(t('cases.id'))).toBeLessThan(await left(t('common.status')));
    // and the heads are shown above the columns
    const head = await page.locator('table.table thead th', { hasText: t('cases.appealDeadline') }).boundingBox();
    expect(head).not.toBeNull();
    expect(head!.y).toBeLessThan((await row.boundingBox())!.y);
  });
});
