import type { Browser, Page } from 'playwright-core';
import { addDays, localDate } from '@fd/kernel';
import { probe } from '@fd/platform/testing';
import { Api, E2eSystem } from '../support/system';
import { BrowserUsers, buildWebUiIfStale, expectToast, launchChromium, Login, t } from './browser';

const PHONE = { width: 390, height: 844 };
/** A 1×1 PNG: what a phone's camera would hand over, in small. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/**
 * The signed original on a phone: the clerk files a form, attaches a photo of the signed paper
 * right there, and finds it on the form's page with its step in the trail; the merchant sees it
 * on its own form, without the means to attach one.
 */
describe('the signed original of a form', () => {
  let sys: E2eSystem;
  let browser: Browser;
  let users: BrowserUsers;
  let clerkLogin: Login;
  let merchantLogin: Login;
  let form: { serial: string; verificationCode: string };
  let missing: { serial: string }; // left unfiled, to fall overdue
  let adminLogin: Login;
  let merchant: string;
  let staff: string;

  /** How far the page reaches past the screen's right edge (0: no sideways scrolling). */
  const overflow = (page: Page) =>
    page.evaluate<number>('(document.scrollingElement ?? document.documentElement).scrollWidth - window.innerWidth');

  beforeAll(async () => {
    buildWebUiIfStale();
    sys = await E2eSystem.start();
    browser = await launchChromium();
    users = new BrowserUsers(sys, browser);
    const today = localDate(new Date((await sys.admin.get('/_test/clock')).body.now));
    merchant = (await sys.admin.post('/merchants', { name: '原件家具', stall: 'O-1-01', category: '家具' })).body.id;
    staff = (
      await sys.admin.post(`/merchants/${merchant}/staff`, {
        name: '林師傅',
        phone: '13800000021',
        certificateNo: 'CF-O1',
        certificateValidUntil: addDays(today, 365),
      })
    ).body.id;
    clerkLogin = await users.account('clerk');
    adminLogin = await users.account('admin');
    merchantLogin = await users.account('merchant', merchant);
    const clerk: Api = await sys.account('clerk');
    const bought = await clerk.post('/purchases', {
      customer: { name: '王先生', phone: '13912340021', address: '上海市徐匯區 1 號' },
      lines: [
        {
          merchantId: merchant,
          items: [{ description: '衣櫃', quantity: 1, amountCents: 350000 }],
          services: [
            { type: 'install', plannedDate: today },
            { type: 'deliver', plannedDate: today },
          ],
        },
      ],
    });
    expect([201, 202]).toContain(bought.status);
    const forms = await probe(
      () => clerk.get(`/forms?purchaseId=${bought.body.purchaseId}`),
      (r) => r.status === 200 && r.body.items.length === 2,
      { what: 'the forms of the purchase', timeoutMs: 30000 },
    );
    form = forms.body.items.find((f: { serviceType: string }) => f.serviceType === 'install');
    missing = forms.body.items.find((f: { serviceType: string }) => f.serviceType === 'deliver');
  }, 180000);

  afterEach(() => {
    for (const u of users?.opened ?? []) expect(u.errors).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
  });

  it('theClerk_attachesAPhotoRightAfterFiling_andTheFormsPageShowsItAndItsStepInTheTrail_onAPhone', async () => {
    const page = await users.signIn(clerkLogin, PHONE);
    await page.goto(`${sys.url}/#/forms/file`);
    await page.getByLabel(t('form.serial')).fill(form.serial);
    await page.getByLabel(t('form.serial')).press('Enter');
    await page.locator(`.form-summary[data-serial="${form.serial}"]`).waitFor();
    await page.getByLabel(t('form.verificationCode')).fill(form.verificationCode);
    await page.getByRole('radio', { name: t('rating.satisfied'), exact: true }).click();
    await page.getByLabel(t('form.staff')).selectOption(staff);
    await page.getByRole('button', { name: t('file.submit') }).click();
    await page.locator('.notice--success', { hasText: t('file.filed', { serial: form.serial }) }).waitFor();

    // right there: "Attach the signed original", by the phone's camera or a file
    const originals = page.locator(`[data-originals="${form.serial}"]`);
    await originals.getByRole('heading', { name: t('original.attach') }).waitFor();
    await expect(originals.locator('[data-original-input="camera"]').getAttribute('capture')).resolves.toBe('environment');
    await expect(originals.locator('[data-original-input="camera"]').getAttribute('accept')).resolves.toBe('image/*,application/pdf');
    await originals.locator('[data-original-input="file"]').setInputFiles({ name: 'signed.png', mimeType: 'image/png', buffer: PNG });
    await expectToast(page, t('original.attached', { serial: form.serial }));
    await originals.locator('img.original__thumb').waitFor();

    // a file that is no picture is refused in the reader's language, and nothing is added
    await originals
      .locator('[data-original-input="file"]')
      .setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('MZ this is a program') });
    await originals
      .locator('.notice--error[data-code="UNSUPPORTED_MEDIA_TYPE"]', { hasText: t('problem.original.UNSUPPORTED_MEDIA_TYPE') })
      .waitFor();
    await expect(originals.locator('li.original').count()).resolves.toBe(1);

    await page.goto(`${sys.url}/#/forms/${form.serial}`);
    const onForm = page.locator(`[data-originals="${form.serial}"]`);
    await onForm.locator('img.original__thumb').waitFor();
    await expect(onForm.locator('img.original__thumb').evaluate((img: any) => img.naturalWidth)).resolves.toBe(1);
    const trail = page.locator('.timeline');
    await trail.getByText(t('event.FormFiled')).waitFor();
    await trail.getByText(t('event.FormOriginalAttached')).waitFor();
    await expect(overflow(page)).resolves.toBe(0);
  });

  it('theMerchant_seesTheOriginalOnItsOwnForm_onAPhone_butCannotAttachOne', async () => {
    const page = await users.signIn(merchantLogin, PHONE);
    await page.goto(`${sys.url}/#/forms/${form.serial}`);
    const onForm = page.locator(`[data-originals="${form.serial}"]`);
    await onForm.locator('img.original__thumb').waitFor();
    await expect(onForm.locator('img.original__thumb').evaluate((img: any) => img.naturalWidth)).resolves.toBe(1);
    await expect(onForm.locator('input[type="file"]').count()).resolves.toBe(0);
    await expect(overflow(page)).resolves.toBe(0);
  });

  it('printingTheForm_putsWhoPrintedItInTheTrail', async () => {
    const page = await users.signIn(clerkLogin, { width: 1280, height: 900 });
    await page.goto(`${sys.url}/#/forms/${form.serial}`);
    await page.locator('.timeline').getByText(t('event.FormFiled')).waitFor();
    await page.getByRole('button', { name: t('purchase.printForm') }).click();
    await expectToast(page, t('print.opened', { name: form.serial }));
    await page.reload();
    const printed = page.locator('.timeline__item', { hasText: t('event.FormPrinted') });
    await printed.waitFor();
    await expect(printed.textContent()).resolves.toContain(clerkLogin.username);
  });

  it('theCaseOfAnOverdueForm_showsTheFormsOriginalInItsEvidence', async () => {
    // the paper came back after its due date: its photo is kept all the same
    const attached = await fetch(`${sys.url}/api/v1/forms/${missing.serial}/originals`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${(await sys.anonymous().post('/auth/login', clerkLogin)).body.accessToken}`,
        'content-type': 'image/png',
      },
      body: PNG,
    });
    expect(attached.status).toBe(201);
    await sys.admin.post('/_test/clock', { advanceDays: 9 });
    const cases = await probe(
      () => sys.admin.get(`/penalty-cases?merchantId=${merchant}`),
      (r) => r.status === 200 && r.body.items.some((c: { serial?: string }) => c.serial === missing.serial),
      { what: `the penalty case of overdue form ${missing.serial}`, timeoutMs: 60000 },
    );
    const theCase = cases.body.items.find((c: { serial?: string }) => c.serial === missing.serial);
    const page = await users.signIn(adminLogin, { width: 1280, height: 900 });
    await page.goto(`${sys.url}/#/cases/${theCase.id}`);
    const evidence = page.locator(`[data-originals="${missing.serial}"]`);
    await evidence.locator('img.original__thumb').waitFor();
    await expect(evidence.locator('img.original__thumb').evaluate((img: any) => img.naturalWidth)).resolves.toBe(1);
    await expect(evidence.locator('input[type="file"]').count()).resolves.toBe(0);
  });
});
