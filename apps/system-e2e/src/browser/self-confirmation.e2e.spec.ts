import type { Browser, BrowserContext } from 'playwright-core';
import { probe, readPdfText } from '@fd/platform/testing';
import { registerPurchases } from '../support/contract-records';
import { ContractDesk, openContractDesk, PHONE } from '../support/contract';
import { buildWebUiIfStale, launchChromium, screenshot, t } from './browser';

const PHONE_SCREEN = { width: 390, height: 844 };

/**
 * The customer confirms a form on their own phone (docs/rules.md, "The customer's own
 * confirmation", example S2): the link printed under the form's QR code opens a page in
 * Traditional Chinese without an account; the phone's last 4 digits, the code sent by SMS (read
 * from the test inbox), the service done and 不滿意. The clerk then files the paper saying 很滿意:
 * the form is forged and the merchant's month is 0.
 */
describe("the customer's own confirmation on a phone", () => {
  let desk: ContractDesk;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let form: { serial: string; merchantId: string; verificationCode: string; plannedDate: string };
  let link: string;

  beforeAll(async () => {
    buildWebUiIfStale();
    desk = await openContractDesk();
    browser = await launchChromium();
    form = (await registerPurchases(desk)).installA[0];
    const pdf = await desk.clerk.get(`/forms/${form.serial}/print.pdf`);
    const printed = (await readPdfText(pdf.bytes)).all.replace(/\s+/g, '');
    link = /https?:\/\/[^/]+(\/c\/[A-Za-z0-9_-]{16})/.exec(printed)![1];
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await desk?.sys.stop();
  });

  it('exampleS2_theCustomerConfirmsUnsatisfiedOnAPhone_thePaperSaysVerySatisfied_andTheMonthIs0', async () => {
    context = await browser.newContext({ viewport: PHONE_SCREEN, locale: 'zh-TW', timezoneId: 'Asia/Shanghai', isMobile: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${desk.sys.url}${link}`);

    // Traditional Chinese by default, nothing of the customer but the masked phone, nothing wider than the screen
    await page.getByRole('heading', { name: t('selfConfirm.title') }).waitFor();
    await page.getByText('138****5678', { exact: false }).first().waitFor(); // the form's facts have loaded
    const shown = await page.locator('main').innerText();
    expect(shown).toContain('138****5678');
    expect(shown).toContain(form.serial);
    expect(shown).not.toMatch(/王小明|世紀大道|12345678/);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE_SCREEN.width);

    // the other languages are one choice away, and back
    await page.getByLabel(t('app.language')).selectOption('en');
    await page.getByRole('heading', { name: 'Confirm your service' }).waitFor();
    await page.getByLabel('Language').selectOption('zh-Hant');
    await page.getByRole('heading', { name: t('selfConfirm.title') }).waitFor();

    // a wrong ending is refused in the reader's language, and no code is sent
    const digits = page.getByLabel(t('selfConfirm.phoneLast4', { phone: '138****5678' }));
    await digits.fill('0000');
    await page.getByRole('button', { name: t('selfConfirm.sendCode') }).click();
    await page.getByText(t('problem.WRONG_PHONE_DIGITS')).waitFor();
    await digits.fill('5678');
    await page.getByRole('button', { name: t('selfConfirm.sendCode') }).click();
    await page.getByText(t('selfConfirm.codeSent', { phone: '138****5678' })).waitFor();

    // the code as the SMS brought it (the adapter without a provider keeps it in the test inbox)
    const inbox = await desk.admin.get(`/_test/sms-inbox?phone=${PHONE}`);
    const code = /(\d{6})/.exec(inbox.body.items[0].text)![1];
    await page.getByLabel(t('selfConfirm.code')).fill(code);
    await page.getByLabel(t('selfConfirm.serviceDone')).check();
    await page.getByLabel(t('rating.unsatisfied')).check();
    await page.getByLabel(t('selfConfirm.comment')).fill('安裝後地板有縫隙');
    await screenshot(page, 'self-confirmation-phone');
    await page.getByRole('button', { name: t('selfConfirm.submit') }).click();
    await page.getByText(t('selfConfirm.confirmed')).waitFor();
    expect(await page.locator('main').innerText()).toContain(t('rating.unsatisfied'));
    expect(errors).toEqual([]);

    // the paper comes back saying 很滿意 (certified staff): the customer's word makes it a forgery
    const filed = await desk.fileForm(form, { rating: 'very_satisfied' });
    expect(filed.body).toMatchObject({ status: 'filed', rating: 'unsatisfied', forged: true });
    const score = await probe(
      () => desk.merchantA.get(`/merchants/${desk.a}/scores?period=${desk.period}`),
      (r) => r.status === 200 && r.body.score === 0,
      { what: "merchant A's month at 0", timeoutMs: 30000 },
    );
    expect(score.body.score).toBe(0);

    // the link now says the form was confirmed, and takes no second confirmation
    await page.reload();
    await page.getByText(t('selfConfirm.confirmed')).waitFor();
    expect(await page.getByRole('button', { name: t('selfConfirm.sendCode') }).count()).toBe(0);
  });
});
