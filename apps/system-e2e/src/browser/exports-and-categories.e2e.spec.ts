import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { addDays, localDate } from '@fd/kernel';
import { localDateTime } from '@fd/platform';
import { probe, uniqueName } from '@fd/platform/testing';
import { E2eSystem } from '../support/system';
import { BrowserUsers, buildWebUiIfStale, expectToast, launchChromium, screenshot, t } from './browser';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { translate } from '../../../web/src/i18n/messages';

const en = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate('en', key, vars);

/**
 * The managed opinion categories and the API's CSV exports in a real browser: the administration
 * adds a category, a clerk working in 繁體中文 registers an opinion under it, and the summary read
 * in English counts it once under its English label; an export downloads a CSV whose column
 * names are in the UI's language and whose times are the mall's.
 */
describe('opinion categories and CSV exports in the browser', () => {
  let sys: E2eSystem;
  let browser: Browser;
  let users: BrowserUsers;
  let merchantId: string;
  let period: string;
  const merchantName = uniqueName('亮光燈飾').slice(0, 30);
  const code = `parking_${Date.now().toString(36)}`;

  async function toEnglish(page: Page) {
    await page.getByLabel(t('app.language')).selectOption('en');
    await page.getByLabel(en('app.language')).waitFor();
  }

  beforeAll(async () => {
    buildWebUiIfStale();
    sys = await E2eSystem.start();
    browser = await launchChromium();
    users = new BrowserUsers(sys, browser);
    const today = localDate(new Date((await sys.admin.get('/_test/clock')).body.now));
    period = today.slice(0, 7);
    merchantId = (await sys.admin.post('/merchants', { name: merchantName, stall: 'C-303', category: '燈飾' })).body.id;
    const purchase = await sys.admin.post('/purchases', {
      customer: { name: '陳大文', phone: '13912345678', address: '上海市長寧區 1 號' },
      lines: [
        {
          merchantId,
          items: [{ description: '吊燈', quantity: 1, amountCents: 99000 }],
          services: [{ type: 'install', plannedDate: addDays(today, 1), visits: 2 }],
        },
      ],
    });
    if (purchase.status !== 201 && purchase.status !== 202) throw new Error(`purchase: ${JSON.stringify(purchase.body)}`);
  }, 180000);

  afterAll(async () => {
    for (const u of users?.opened ?? []) expect(u.errors).toEqual([]);
    await browser?.close();
    await sys?.stop();
  });

  it('aCategoryAddedByTheAdministration_isChosenByAClerkInChinese_andCountedOnceUnderItsEnglishLabel', async () => {
    const admin = await users.signIn(await users.account('admin'));
    await admin.goto(`${sys.url}/#/opinion-categories`);
    const add = admin.getByRole('form', { name: t('categories.add') });
    await add.getByLabel(t('categories.code')).fill(code);
    await add.getByLabel(t('categories.label.zh-Hant')).fill('停車場');
    await add.getByLabel(t('categories.label.zh-Hans')).fill('停车场');
    await add.getByLabel(t('categories.label.en')).fill('Parking lot');
    await add.getByRole('button', { name: t('categories.addSubmit') }).click();
    await expectToast(admin, t('categories.added', { code }));
    await admin.locator(`tr[data-category="${code}"]`, { hasText: '停車場' }).waitFor();
    await screenshot(admin, 'admin-opinion-categories');

    const clerk = await users.signIn(await users.account('clerk'));
    await clerk.goto(`${sys.url}/#/opinions`);
    await clerk.getByLabel(t('opinions.channel')).selectOption('hotline');
    // the select offers the managed list by its labels in the UI's language
    await clerk.getByLabel(t('opinions.category')).selectOption({ label: '停車場' });
    await clerk.getByLabel(t('opinions.merchant')).selectOption(merchantId);
    await clerk.getByLabel(t('opinions.text')).fill('停車場太小，找不到車位');
    await clerk.getByRole('button', { name: t('opinions.submit'), exact: true }).click();
    await expectToast(clerk, t('opinions.registered', { category: '停車場' }));
    await clerk.locator('.opinion', { hasText: '找不到車位' }).locator(`[data-category="${code}"]`, { hasText: '停車場' }).waitFor();

    await admin.goto(`${sys.url}/#/opinions/summary?period=${period}`);
    await toEnglish(admin);
    const row = admin.locator(`td[data-category="${code}"]`);
    await row.first().waitFor();
    expect(await row.allTextContents()).toEqual(['Parking lot']);
    expect(await row.locator('xpath=..').locator('td.num').textContent()).toBe('1');
    expect(await admin.locator('td', { hasText: '停車場' }).count()).toBe(0);
    await screenshot(admin, 'admin-opinion-summary-en');
  });

  it('theFormsExport_downloadsTheApisCsv_withHeadersInTheUiLanguage_andTheMallsTimes', async () => {
    const forms = (
      await probe(
        () => sys.admin.get(`/forms?merchantId=${merchantId}`),
        (r) => r.body.items?.length === 2,
        { what: 'the two forms of the purchase', timeoutMs: 30000 },
      )
    ).body.items as Array<{ serial: string; issuedAt: string }>;

    const admin = await users.signIn(await users.account('admin'));
    await admin.goto(`${sys.url}/#/forms?merchantId=${merchantId}`);
    await toEnglish(admin);
    const download = admin.waitForEvent('download');
    await admin.getByRole('button', { name: en('export.forms') }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('forms-all.csv');
    const csv = readFileSync(await file.path(), 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const [header, ...rows] = csv.slice(1).split('\r\n').filter(Boolean);
    expect(header).toBe(
      'Serial,Merchant,Service,Visit,Planned date,Due date,Status,Rating,Qualification,Service date,Issued at,Filed at,Card no.',
    );
    expect(rows).toHaveLength(2);
    for (const f of forms) {
      const line = rows.find((r) => r.startsWith(`${f.serial},`))!;
      expect(line).toContain(`${merchantName},Installation,`);
      expect(line).toContain(`,Awaiting return,`);
      // issued at, as the mall's clock (Asia/Shanghai) showed it, not UTC
      expect(line).toContain(`,${localDateTime(f.issuedAt, 'Asia/Shanghai')},`);
    }
    await expectToast(admin, en('export.saved', { name: 'forms-all.csv' }));

    // the merchant on a phone, in the default language: its own forms, Chinese column names
    const merchant = await users.signIn(await users.account('merchant', merchantId), { width: 390, height: 844 });
    await merchant.goto(`${sys.url}/#/forms`);
    const own = merchant.waitForEvent('download');
    await merchant.getByRole('button', { name: t('export.forms') }).click();
    const ownCsv = readFileSync(await (await own).path(), 'utf8');
    expect(ownCsv.slice(1).split('\r\n')[0]).toMatch(/^反饋表編號,商戶,服務,/);
    expect(ownCsv.slice(1).split('\r\n').filter(Boolean)).toHaveLength(3);
  });
});
