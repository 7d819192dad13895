import type { Browser, Page } from 'playwright-core';
import { localDate } from '@fd/kernel';
import { probe, readPdfText, uniqueName } from '@fd/platform/testing';
import { E2eSystem } from '../support/system';
import { buildWebUiIfStale, launchChromium, pdfOpenedBy, screenshot, signIn, t, UserPage } from './browser';

/**
 * The monthly management report in a real browser (docs/rules.md#the-monthly-management-report):
 * the administration opens the report of this month, sees the mall's figures, the 13 months'
 * chart and the merchant's line with its opinions, and opens the PDF in Chinese; on a phone the
 * page keeps within the screen.
 */
describe('the monthly report in the browser', () => {
  let sys: E2eSystem;
  let browser: Browser;
  const open: UserPage[] = [];
  let period: string;
  let merchantId: string;
  const merchantName = uniqueName('月報木門').slice(0, 30);

  async function asAdmin(viewport?: { width: number; height: number }): Promise<Page> {
    const username = uniqueName('admin');
    const password = `${username}-password`;
    expect((await sys.admin.post('/users', { username, password, role: 'admin' })).status).toBe(201);
    const user = await signIn(browser, sys.url, username, password, viewport);
    open.push(user);
    return user.page;
  }

  beforeAll(async () => {
    buildWebUiIfStale();
    sys = await E2eSystem.start();
    browser = await launchChromium();
    const today = localDate(new Date((await sys.admin.get('/_test/clock')).body.now));
    period = today.slice(0, 7);
    merchantId = (await sys.admin.post('/merchants', { name: merchantName, stall: 'D-404', category: '門窗' })).body.id;
    const purchase = await sys.admin.post('/purchases', {
      customer: { name: '李小明', phone: '13912345678', address: '上海市徐匯區 2 號' },
      lines: [
        {
          merchantId,
          items: [{ description: '木門', quantity: 1, amountCents: 129000 }],
          services: [{ type: 'install', plannedDate: today, visits: 2 }],
        },
      ],
    });
    expect([201, 202]).toContain(purchase.status);
    const clerk = await sys.account('clerk');
    expect((await clerk.post('/opinions', { channel: 'hotline', category: 'late_delivery', merchantId, text: '安裝延誤' })).status).toBe(
      201,
    );
    await probe(
      () => sys.admin.get(`/reports/monthly?period=${period}`),
      (r) => r.body?.merchants?.some((m: any) => m.merchantId === merchantId && m.formsIssued === 2),
      { what: 'the forms in the report', timeoutMs: 120000 },
    );
  }, 240000);

  afterAll(async () => {
    for (const u of open) expect(u.errors).toEqual([]);
    await browser?.close();
    await sys?.stop();
  });

  it('showsTheMonthsFiguresChartAndMerchant_andOpensThePdfInChinese', async () => {
    const page = await asAdmin();
    await page.goto(`${sys.url}/#/scores`);
    await page.getByRole('link', { name: t('nav.monthlyReport') }).click();
    await page.getByRole('heading', { name: t('report.title') }).waitFor();
    // last month by default; this month through the address
    await page.goto(`${sys.url}/#/reports/monthly?period=${period}`);
    await page.getByText(t('report.notClosed', { period })).waitFor();
    await page.locator('[data-figure="formsIssued"]').waitFor();
    expect(Number(await page.locator('[data-figure="formsIssued"]').textContent())).toBeGreaterThanOrEqual(2);
    const row = page.locator(`tr[data-merchant="${merchantId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain(merchantName);
    await page.getByRole('img', { name: t('report.trendTitle', { to: period }) }).waitFor();
    await page.getByRole('img', { name: t('report.byChannel') }).waitFor();
    await screenshot(page, 'admin-monthly-report');

    // the PDF: the blob the page opens, read back as bytes
    const pdf = await pdfOpenedBy(page, () => page.getByRole('button', { name: t('report.pdf') }).click(), 'the PDF of the report');
    const text = await readPdfText(pdf);
    expect(text.all).toContain('月度管理報告');
    expect(text.all).toContain(merchantName);
  });

  it('fitsAPhonesWidth', async () => {
    const page = await asAdmin({ width: 390, height: 844 });
    await page.goto(`${sys.url}/#/reports/monthly?period=${period}`);
    await page.locator(`[data-merchant="${merchantId}"]`).waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(1);
    await screenshot(page, 'admin-monthly-report-phone');
  });
});
