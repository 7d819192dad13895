import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { localDate } from '@fd/kernel';
import { probe, uniqueName } from '@fd/platform/testing';
import { Api, E2eSystem } from '../support/system';
import { buildWebUiIfStale, expectToast, launchChromium, probePage, screenshot, SCREENSHOTS, signIn, t, UserPage } from './browser';

interface IssuedForm {
  serial: string;
  verificationCode: string;
  merchantId: string;
  serviceType: string;
}

/**
 * A clerk's day at the desk, in a real browser on the whole running system: the callbacks to
 * make, each card saying whom to call; filing at the keyboard with a USB scanner; registering
 * without Enter sending half a purchase; refusals and dates in the page's language.
 */
describe('the clerk at the desk, in a browser', () => {
  let sys: E2eSystem;
  let browser: Browser;
  let clerkApi: Api;
  const open: UserPage[] = [];
  let clerk: { username: string; password: string };
  let a: string;
  let b: string;
  let staffA: string;
  let staffB: string;
  let today: string;
  const nameA = uniqueName('好家地板').slice(0, 30);
  const nameB = uniqueName('明亮門窗').slice(0, 30);

  async function asClerk(viewport?: { width: number; height: number }): Promise<Page> {
    const user = await signIn(browser, sys.url, clerk.username, clerk.password, viewport);
    open.push(user);
    return user.page;
  }

  /** A purchase of one line registered through the API, with its forms. */
  async function purchase(customer: { name: string; phone: string; address: string }, merchantId: string, types: string[]) {
    const r = await clerkApi.post('/purchases', {
      customer,
      lines: [
        {
          merchantId,
          items: [{ description: '地板', quantity: 1, amountCents: 100000 }],
          services: types.map((type) => ({ type, plannedDate: today })),
        },
      ],
    });
    if (r.status !== 201) throw new Error(`purchase refused: ${JSON.stringify(r.body)}`);
    return r.body.forms as IssuedForm[];
  }

  async function fileUnsatisfied(form: IssuedForm, staffId: string) {
    const r = await clerkApi.post(`/forms/${form.serial}/return`, {
      verificationCode: form.verificationCode,
      rating: 'unsatisfied',
      staffId,
      servicedOn: today,
    });
    if (r.status !== 200) throw new Error(`filing refused: ${JSON.stringify(r.body)}`);
  }

  const unsatisfied: IssuedForm[] = [];
  let toFile: IssuedForm[] = [];

  beforeAll(async () => {
    buildWebUiIfStale();
    sys = await E2eSystem.start();
    browser = await launchChromium();
    today = localDate(new Date((await sys.admin.get('/_test/clock')).body.now));
    a = (await sys.admin.post('/merchants', { name: nameA, stall: 'A-101', category: '地板' })).body.id;
    b = (await sys.admin.post('/merchants', { name: nameB, stall: 'B-202', category: '門窗' })).body.id;
    const validUntil = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
    staffA = (
      await sys.admin.post(`/merchants/${a}/staff`, {
        name: '王師傅',
        phone: '13800000001',
        certificateNo: 'CA-1',
        certificateValidUntil: validUntil,
      })
    ).body.id;
    staffB = (
      await sys.admin.post(`/merchants/${b}/staff`, {
        name: '李師傅',
        phone: '13800000002',
        certificateNo: 'CB-1',
        certificateValidUntil: validUntil,
      })
    ).body.id;
    const username = uniqueName('clerk');
    clerk = { username, password: `${username}-password` };
    await sys.admin.post('/users', { ...clerk, role: 'clerk' });
    clerkApi = await sys.account('clerk');

    // six of A's customers and two of B's are unsatisfied: eight callbacks, more than fit on a screen
    for (let i = 1; i <= 6; i++) {
      const forms = await purchase({ name: `陳小姐${i}`, phone: `1391234560${i}`, address: `上海市浦東新區世紀大道 ${i} 號` }, a, [
        'install',
      ]);
      unsatisfied.push(forms[0]);
    }
    for (let i = 1; i <= 2; i++) {
      const forms = await purchase({ name: `林先生${i}`, phone: `1371234560${i}`, address: `台北市中山路 ${i} 號` }, b, ['measure']);
      unsatisfied.push(forms[0]);
    }
    for (const f of unsatisfied) await fileUnsatisfied(f, f.merchantId === a ? staffA : staffB);
    toFile = await purchase({ name: '張太太', phone: '13612345678', address: '上海市徐匯區 9 號' }, a, ['deliver', 'install', 'repair']);
    await probe(
      async () =>
        (await clerkApi.get('/callbacks?status=open&limit=200')).body.items.filter((c: { customer?: unknown }) => c.customer).length,
      (n) => n >= unsatisfied.length,
      { what: 'the eight callbacks with their customers', timeoutMs: 30000 },
    );
  }, 240000);

  afterAll(async () => {
    for (const u of open) expect(u.errors).toEqual([]);
    await browser?.close();
    await sys?.stop();
  });

  it('aCallbackCard_showsWhomToCall_andAfterARecordedResultTheClerkKeepsTheirPlace_andTheFiltersNarrowTheList', async () => {
    const page = await asClerk();
    await page.goto(`${sys.url}/#/callbacks`);
    const first = unsatisfied[0];
    const card = page.locator(`li[data-serial="${first.serial}"]`);
    await probePage(
      page,
      () => card.count(),
      (n) => n === 1,
      'the card of the first unsatisfied form',
    );

    // the card tells the clerk whom to call, about which merchant's service and when
    await expect(card.locator('.callee__name').textContent()).resolves.toBe('陳小姐1');
    await expect(card.locator('.callee__phone').textContent()).resolves.toBe('13912345601');
    await expect(card.locator('.callee__phone a').getAttribute('href')).resolves.toBe('tel:13912345601');
    await expect(card.locator('.callee__address').textContent()).resolves.toBe('上海市浦東新區世紀大道 1 號');
    await expect(card.locator('.callee__merchant').textContent()).resolves.toBe(nameA);
    await expect(card.locator('.callee__service').textContent()).resolves.toBe(
      t('callbacks.serviceVisit', { service: t('service.install'), visit: 1 }),
    );
    await expect(card.locator('.callee__date time').getAttribute('datetime')).resolves.toBe(today);
    await expect(card.locator('.callee__date').textContent()).resolves.toMatch(/^\d{4}年\d{1,2}月\d{1,2}日/);
    await screenshot(page, 'clerk-day-callback-card');

    // the clerk works down the list: scrolled to a card in the middle, records its result
    const cards = page.locator('li[data-callback][data-open="true"]');
    const count = await cards.count();
    expect(count).toBe(unsatisfied.length);
    const middle = cards.nth(4);
    const middleId = await middle.getAttribute('data-callback');
    const nextId = await cards.nth(5).getAttribute('data-callback');
    await middle.scrollIntoViewIfNeeded();
    const scrolledTo = await page.evaluate<number>('window.scrollY');
    expect(scrolledTo).toBeGreaterThan(100);
    await middle.getByRole('button', { name: t('outcome.confirmed'), exact: true }).click();
    await expectToast(page, t('outcome.confirmed'));

    // the recorded card stays where it was with its result, and the focus is on the next one: no jump to the top
    const recorded = page.locator(`li[data-callback="${middleId}"]`);
    await recorded.locator('.badge', { hasText: t('callbacks.recordedResult', { outcome: t('outcome.confirmed') }) }).waitFor();
    await probe(
      () => page.evaluate<string>("document.activeElement?.dataset?.callback ?? ''"),
      (id) => id === nextId,
      { what: 'the focus on the next card' },
    );
    expect(await page.evaluate<number>('window.scrollY')).toBeGreaterThan(100);
    expect(await recorded.getByRole('button', { name: t('outcome.confirmed'), exact: true }).count()).toBe(0);
    // docs/screenshots keeps a copy: a card as recorded, its result in place
    await recorded.screenshot({ path: path.join(SCREENSHOTS, 'clerk-callback-recorded.png') });

    // the filters: merchant B's callbacks only, then by reason
    await page.getByLabel(t('common.merchant')).selectOption(b);
    await probe(
      () => page.locator('li[data-callback]').evaluateAll((els: any[]) => els.map((e) => e.getAttribute('data-serial') as string)),
      (serials) => serials.length === 2,
      { what: "merchant B's two callbacks" },
    );
    const shown = await page
      .locator('li[data-callback]')
      .evaluateAll((els: any[]) => els.map((e) => e.getAttribute('data-serial') as string));
    expect(shown.sort()).toEqual(
      unsatisfied
        .filter((f) => f.merchantId === b)
        .map((f) => f.serial)
        .sort(),
    );
    await page.getByLabel(t('callbacks.reason')).selectOption('sample');
    await page.getByText(t('callbacks.emptyOpen')).waitFor();
    await page.getByLabel(t('callbacks.reason')).selectOption('unsatisfied');
    await page.locator('li[data-callback]').nth(1).waitFor();
    expect(await page.locator('li[data-callback]').count()).toBe(2);
    expect(page.url()).toContain(`merchantId=${b}`);
  });

  it('aScannersPayload_fillsAndFilesTheForm_fromTheKeyboardAlone_andTheFocusComesBackToTheSerial', async () => {
    const page = await asClerk();
    await page.goto(`${sys.url}/#/forms/file`);
    const serial = page.getByLabel(t('form.serial'));
    await serial.waitFor();
    const form = toFile[0];

    // what the printed QR code holds, typed by a USB scanner into the focused serial field, then Enter
    await serial.focus();
    await page.keyboard.type(`${form.serial}:${form.verificationCode}`);
    await page.keyboard.press('Enter');
    await expect(serial.inputValue()).resolves.toBe(form.serial);
    await expect(page.getByLabel(t('form.verificationCode')).inputValue()).resolves.toBe(form.verificationCode);
    // the focus is on the rating: the clerk goes on from the keyboard
    await probe(
      () => page.evaluate<string>("document.activeElement?.getAttribute('role') ?? ''"),
      (role) => role === 'radio',
      { what: 'the focus on the rating' },
    );
    await page.locator(`.form-summary[data-serial="${form.serial}"]`).waitFor();
    // the merchant's staff are read after the form: their list opens once they are in
    await probe(
      () => page.getByLabel(t('form.staff')).isEnabled(),
      (enabled) => enabled,
      { what: "the merchant's staff" },
    );
    await page.keyboard.press('Space'); // the first rating
    await page.keyboard.press('Tab'); // 4 ratings, then the staff member
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(page.evaluate<string>("document.activeElement?.tagName ?? ''")).resolves.toBe('SELECT');
    await page.keyboard.press('ArrowDown'); // 王師傅
    await page.keyboard.press('Tab'); // the serviced-on date, today already
    await expect(page.evaluate<string>("document.activeElement?.value ?? ''")).resolves.toBe(today);
    await page.keyboard.press('Enter'); // the form is complete: Enter files it
    await expectToast(page, t('file.filed', { serial: form.serial }));
    await page.locator('.notice--success[role="status"]', { hasText: t('file.filed', { serial: form.serial }) }).waitFor();
    const serialId = await serial.getAttribute('id');
    await probe(
      () => page.evaluate<string>("document.activeElement?.id ?? ''"),
      (id) => id === serialId,
      { what: 'the focus back on the serial field' },
    );
    await expect(serial.inputValue()).resolves.toBe('');
    expect((await clerkApi.get(`/forms/${form.serial}`)).body).toMatchObject({
      status: 'filed',
      rating: 'very_satisfied',
      staffId: staffA,
    });

    // Enter in a half-filled form moves on and files nothing
    const next = toFile[1];
    // a link naming the form (as a printed form's link to the customer's page might) fills the serial; the code comes next
    await serial.fill(`https://desk.example/#/c/${next.serial}`);
    await page.keyboard.press('Enter');
    await expect(serial.inputValue()).resolves.toBe(next.serial);
    await expect(
      page.getByLabel(t('form.verificationCode')).evaluate((el: any) => el === (globalThis as any).document.activeElement),
    ).resolves.toBe(true);
    await page.getByLabel(t('form.verificationCode')).fill(next.verificationCode);
    await page.getByLabel(t('form.verificationCode')).press('Enter');
    await expect(page.evaluate<string>("document.activeElement?.getAttribute('role') ?? ''")).resolves.toBe('radio');
    expect((await clerkApi.get(`/forms/${next.serial}`)).body.status).toBe('issued');
  });

  it('enterInTheRegistrationsAddressField_doesNotRegisterAHalfFilledPurchase', async () => {
    const page = await asClerk();
    await page.goto(`${sys.url}/#/purchases/new`);
    await page.getByRole('heading', { name: t('purchase.title') }).waitFor();
    const posted: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/api/v1/purchases')) posted.push(r.url());
    });
    await page.getByLabel(t('purchase.customerName')).fill('趙先生');
    await page.getByLabel(t('purchase.customerPhone')).fill('13512345678');
    const address = page.getByLabel(t('purchase.customerAddress'));
    await address.fill('上海市黃浦區南京東路 1 號');
    await address.press('Enter');
    // nothing sent, no refusal shown, the focus moved on to the next field
    await page.waitForTimeout(500);
    expect(posted).toEqual([]);
    // nor was it tried: no refusal of the empty line, no "correct the marked fields"
    await expect(page.locator('.field__error').count()).resolves.toBe(0);
    await expect(page.locator('.toast', { hasText: t('validation.fixFields') }).count()).resolves.toBe(0);
    await expect(page.getByRole('heading', { name: t('purchase.title') }).count()).resolves.toBe(1);
    await expect(address.evaluate((el: any) => el === (globalThis as any).document.activeElement)).resolves.toBe(false);
    await expect(page.evaluate<string>("document.activeElement?.tagName ?? ''")).resolves.toMatch(/SELECT|INPUT|BUTTON/);
    await expect(address.inputValue()).resolves.toBe('上海市黃浦區南京東路 1 號');
  });

  it('aRefusal_readsInChinese_withTheServersEnglishOnlyAsASmallerLine', async () => {
    const page = await asClerk();
    await page.goto(`${sys.url}/#/forms/file`);
    const form = toFile[2];
    await page.getByLabel(t('form.serial')).fill(form.serial);
    await page.getByLabel(t('form.serial')).press('Enter');
    await page.locator(`.form-summary[data-serial="${form.serial}"]`).waitFor();
    await page.getByLabel(t('form.verificationCode')).fill('WRONG123');
    await page.getByRole('radio', { name: t('rating.satisfied'), exact: true }).click();
    await page.getByLabel(t('form.staff')).selectOption(staffA);
    await page.getByRole('button', { name: t('file.submit') }).click();
    const box = page.locator('.notice--error[data-code="WRONG_VERIFICATION_CODE"]');
    await box.waitFor();
    await expect(box.locator('strong').textContent()).resolves.toBe(t('problem.WRONG_VERIFICATION_CODE'));
    const detail = box.locator('[data-detail="server"] [lang="en"]');
    await expect(detail.count()).resolves.toBe(1);
    const sizes = await box.evaluate((el: any) => {
      const size = (sel: string) => parseFloat((globalThis as any).getComputedStyle(el.querySelector(sel)).fontSize);
      return { main: size('strong'), detail: size('[data-detail="server"]') };
    });
    expect(sizes.detail).toBeLessThan(sizes.main);
    await box.screenshot({ path: path.join(SCREENSHOTS, 'clerk-refusal-zh-hant.png') });
  });

  it('aDateField_readsInTheUiLanguage_notTheBrowsers_andEnterInAHalfFilledSignInMovesOn', async () => {
    // the browser speaks English; the page speaks Chinese
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    await page.goto(sys.url);
    // every form of the UI: Enter in a half-filled one moves on; in a complete one it sends it
    await page.getByLabel(t('login.username')).fill(clerk.username);
    await page.getByLabel(t('login.username')).press('Enter');
    await expect(
      page.getByLabel(t('login.password')).evaluate((el: any) => el === (globalThis as any).document.activeElement),
    ).resolves.toBe(true);
    await expect(page.locator('.field__error').count()).resolves.toBe(0);
    await page.keyboard.type(clerk.password);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: t('app.signOut') }).waitFor();
    await page.goto(`${sys.url}/#/forms/file`);
    const year = Number(today.slice(0, 4)) - 1;
    const date = page.getByLabel(t('form.servicedOn'));
    // today's date, read in Chinese although the browser reads English
    await page.locator(`.date-input__shown[data-shown="${today}"]`).waitFor();
    await date.fill(`${year}/2/15`);
    await date.blur();
    await expect(date.inputValue()).resolves.toBe(`${year}-02-15`);
    const shown = page.locator(`.date-input__shown[data-shown="${year}-02-15"]`);
    await expect(shown.textContent()).resolves.toBe(dateIn('zh-Hant', `${year}-02-15`));
    expect(await shown.textContent()).toContain(`${year}年2月15日`);
    expect(await shown.textContent()).not.toMatch(/Feb|Mon|Tue|Wed|Thu|Fri|Sat|Sun/);
    // the arrow keys move a day
    await date.press('ArrowDown');
    await expect(date.inputValue()).resolves.toBe(`${year}-02-14`);
    await page.locator(`.date-input__shown[data-shown="${year}-02-14"]`).waitFor();
    await context.close();
  });

  function dateIn(lang: 'zh-Hant' | 'zh-Hans' | 'en', date: string): string {
    return new Intl.DateTimeFormat(lang, { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' }).format(
      new Date(`${date}T00:00:00Z`),
    );
  }

  it('onAPhone_theCallbackCardsFitTheScreen', async () => {
    const page = await asClerk({ width: 390, height: 844 });
    await page.goto(`${sys.url}/#/callbacks`);
    await page.locator('li[data-callback] .callee__name').first().waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'clerk-day-callbacks-phone');
  });
});
