import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { addDays, localDate } from '@fd/kernel';
import { probe, uniqueName } from '@fd/platform/testing';
import { E2eSystem } from '../support/system';
import { BrowserUsers, buildWebUiIfStale, expectToast, launchChromium, Login, probePage, screenshot, shaped, t } from './browser';

interface ShownForm {
  serial: string;
  code: string;
  merchant: string;
  service: string;
}

/**
 * The people of the mall at work in a real browser, on the whole running system: the desk
 * registers and files, a deadline passes, the merchant sees its zero explained and
 * appeals, the administration dismisses and the score comes back.
 */
describe('the web UI in a browser', () => {
  let sys: E2eSystem;
  let browser: Browser;
  let users: BrowserUsers;
  const people: Record<'clerk' | 'admin' | 'merchantA' | 'merchantB', Login> = {} as never;
  let a: string;
  let b: string;
  let today: string;
  let period: string;
  let forms: ShownForm[] = [];
  let caseId: string;
  const nameA = uniqueName('好家地板').slice(0, 30);
  const nameB = uniqueName('明亮門窗').slice(0, 30);
  const customerPhone = '13912345678';

  const formOf = (merchant: string, service: string) => {
    const f = forms.find((x) => x.merchant.startsWith(merchant) && x.service.includes(service));
    if (!f) throw new Error(`no ${service} form of ${merchant} among ${JSON.stringify(forms)}`);
    return f;
  };

  beforeAll(async () => {
    buildWebUiIfStale();
    sys = await E2eSystem.start();
    browser = await launchChromium();
    users = new BrowserUsers(sys, browser);
    today = localDate(new Date((await sys.admin.get('/_test/clock')).body.now));
    period = today.slice(0, 7);
    a = (await sys.admin.post('/merchants', { name: nameA, stall: 'A-101', category: '地板' })).body.id;
    b = (await sys.admin.post('/merchants', { name: nameB, stall: 'B-202', category: '門窗' })).body.id;
    await sys.admin.post(`/merchants/${a}/staff`, {
      name: '王師傅',
      phone: '13800000001',
      certificateNo: 'CA-1',
      certificateValidUntil: addDays(today, 365),
    });
    await sys.admin.post(`/merchants/${b}/staff`, {
      name: '李師傅',
      phone: '13800000002',
      certificateNo: 'CB-1',
      certificateValidUntil: addDays(today, 365),
    });
    people.clerk = await users.account('clerk');
    people.admin = await users.account('admin');
    people.merchantA = await users.account('merchant', a);
    people.merchantB = await users.account('merchant', b);
  }, 180000);

  afterEach(() => {
    // a journey never leaves an uncaught error behind in the page
    for (const u of users?.opened ?? []) expect(u.errors).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
  });

  it('aClerk_registersAPurchaseFromTwoMerchants_printsItsForms_filesOne_andIsToldPlainlyWhatIsRefused', async () => {
    const page = await users.signIn(people.clerk);
    await page.getByRole('heading', { name: t('purchase.title') }).waitFor();
    await page.getByLabel(t('purchase.customerName')).fill('陳小姐');
    await page.getByLabel(t('purchase.customerPhone')).fill(customerPhone);
    await page.getByLabel(t('purchase.customerAddress')).fill('上海市浦東新區世紀大道 100 號');

    // merchant A: flooring, delivered and installed
    await page.getByLabel(t('purchase.merchant', { n: 1 }), { exact: true }).selectOption(a);
    await page.getByLabel(t('purchase.description', { n: '1-1' })).fill('橡木地板');
    await page.getByLabel(t('purchase.quantity', { n: '1-1' })).fill('30');
    await page.getByLabel(t('purchase.amount', { n: '1-1' })).fill('abc');
    await page.getByText(t('validation.amount')).waitFor(); // validated as typed, before any request
    await page.getByLabel(t('purchase.amount', { n: '1-1' })).fill('12800.50');
    await page.getByLabel(t('purchase.serviceType', { n: '1-1' })).selectOption('deliver');
    await page.getByLabel(t('purchase.plannedDate', { n: '1-1' })).fill(today);
    await page
      .getByRole('button', { name: t('purchase.addService') })
      .first()
      .click();
    await page.getByLabel(t('purchase.serviceType', { n: '1-2' })).selectOption('install');
    await page.getByLabel(t('purchase.plannedDate', { n: '1-2' })).fill(today);

    // merchant B: windows, measured and installed
    await page.getByRole('button', { name: t('purchase.addLine') }).click();
    await page.getByLabel(t('purchase.merchant', { n: 2 }), { exact: true }).selectOption(b);
    await page.getByLabel(t('purchase.description', { n: '2-1' })).fill('鋁合金窗');
    await page.getByLabel(t('purchase.amount', { n: '2-1' })).fill('3000');
    await page.getByLabel(t('purchase.serviceType', { n: '2-1' })).selectOption('measure');
    await page.getByLabel(t('purchase.plannedDate', { n: '2-1' })).fill(today);
    await page
      .getByRole('button', { name: t('purchase.addService') })
      .nth(1)
      .click();
    await page.getByLabel(t('purchase.serviceType', { n: '2-2' })).selectOption('install');
    await page.getByLabel(t('purchase.plannedDate', { n: '2-2' })).fill(today);
    await screenshot(page, 'clerk-register-purchase');

    await page.getByRole('button', { name: t('purchase.submit') }).click();
    await page.getByRole('heading', { name: t('purchase.doneTitle') }).waitFor({ timeout: 30000 });
    await expectToast(page, t('purchase.registered', { cards: 2, forms: 4 }));
    forms = await page.locator('tr[data-serial]').evaluateAll((rows) =>
      rows.map((r) => ({
        serial: r.getAttribute('data-serial') ?? '',
        code: r.querySelector('[data-code]')?.getAttribute('data-code') ?? '',
        merchant: (r.children[2] as { textContent: string | null }).textContent ?? '',
        service: (r.children[3] as { textContent: string | null }).textContent ?? '',
      })),
    );
    expect(forms).toHaveLength(4);
    expect(forms.every((f) => /^FD\d+$/.test(f.serial) && /^[A-Z0-9]{8}$/.test(f.code))).toBe(true);
    await screenshot(page, 'clerk-purchase-registered');

    // the form prints as a PDF, fetched with the clerk's token and opened in a tab
    const deliverA = formOf(nameA, t('service.deliver'));
    const popup = page.waitForEvent('popup');
    await page
      .locator(`tr[data-serial="${deliverA.serial}"]`)
      .getByRole('button', { name: t('purchase.printForm') })
      .click();
    await expectToast(page, t('print.opened', { name: deliverA.serial }));
    const pdfTab = await popup;
    await pdfTab.waitForURL(/^blob:/);
    await pdfTab.close();
    await page.bringToFront();

    // filing: a typing slip in the code is refused, and the form is not filed
    await page.getByRole('link', { name: t('nav.fileForm') }).click();
    const fileForm = async (f: ShownForm, code: string, staff: string, rating: string) => {
      await page.getByLabel(t('form.serial')).fill(f.serial);
      await page.getByLabel(t('form.verificationCode')).fill(code);
      await page.getByRole('button', { name: t('file.lookup') }).click();
      await page.locator(`.form-summary[data-serial="${f.serial}"]`).waitFor();
      await page.getByLabel(t('form.staff')).selectOption({ label: staff });
      await page.getByRole('radio', { name: rating, exact: true }).click();
      await page.getByRole('button', { name: t('file.submit'), exact: true }).click();
    };
    await fileForm(deliverA, 'ZZZZZZZZ', '王師傅 · CA-1', t('rating.very_satisfied'));
    await page
      .getByRole('alert')
      .filter({ hasText: t('problem.WRONG_VERIFICATION_CODE') })
      .first()
      .waitFor();
    await screenshot(page, 'clerk-file-form-wrong-code');
    await page.getByLabel(t('form.verificationCode')).fill(deliverA.code);
    await page.getByRole('button', { name: t('file.submit'), exact: true }).click();
    await expectToast(page, t('file.filed', { serial: deliverA.serial }));

    // filed twice: refused, counted once
    await fileForm(deliverA, deliverA.code, '王師傅 · CA-1', t('rating.very_satisfied'));
    await page
      .getByRole('alert')
      .filter({ hasText: t('problem.FORM_ALREADY_FILED') })
      .first()
      .waitFor();

    // merchant B's measurement comes back rated 很滿意, filed with a USB scanner: it types the
    // printed QR code (`serial:code`) into the serial field and presses Enter; unreadable content is said to be so
    const measureB = formOf(nameB, t('service.measure'));
    await page.reload();
    const serialField = page.getByLabel(t('form.serial'));
    await serialField.click();
    await page.keyboard.type('6901234567892');
    await page.keyboard.press('Enter');
    await page
      .getByRole('alert')
      .filter({ hasText: t('file.scanNotRecognised') })
      .waitFor();
    await serialField.fill('');
    await page.keyboard.type(`${measureB.serial}:${measureB.code}`);
    await page.keyboard.press('Enter');
    await page.locator(`.form-summary[data-serial="${measureB.serial}"]`).waitFor();
    expect(await serialField.inputValue()).toBe(measureB.serial);
    expect(await page.getByLabel(t('form.verificationCode')).inputValue()).toBe(measureB.code);
    expect(await page.locator(':focus').getAttribute('role')).toBe('radio');
    await page.getByLabel(t('form.staff')).selectOption({ label: '李師傅 · CB-1' });
    await page.getByRole('radio', { name: t('rating.very_satisfied'), exact: true }).click();
    await page.getByRole('button', { name: t('file.submit'), exact: true }).click();
    await expectToast(page, t('file.filed', { serial: measureB.serial }));
    // ready for the next scan
    expect(await page.locator(':focus').getAttribute('id')).toBe(await serialField.getAttribute('id'));

    // the customer cancels merchant A's installation: the clerk voids its form with a reason
    const installA = formOf(nameA, t('service.install'));
    await page.goto(`${sys.url}/#/forms/${installA.serial}`);
    await page.getByLabel(t('void.reason')).fill('顧客取消安裝');
    await page.getByRole('button', { name: t('void.submit') }).click();
    // voiding cannot be undone: it is asked first
    await page.getByText(t('void.confirm', { serial: installA.serial })).waitFor();
    await page.getByRole('button', { name: t('void.confirmSubmit') }).click();
    await expectToast(page, t('void.done', { serial: installA.serial }));
    await page.getByText(t('formStatus.voided')).first().waitFor();

    // a complaint goes into the opinion register
    await page.getByRole('link', { name: t('nav.opinions') }).click();
    await page.getByLabel(t('opinions.channel')).selectOption('hotline');
    await page.getByLabel(t('opinions.category')).selectOption('late_delivery'); // 送貨延誤, from the managed list
    await page.getByLabel(t('opinions.merchant')).selectOption(b);
    await page.getByLabel(t('opinions.text')).fill('窗戶測量晚了兩天，電話 13912345678');
    await page.getByRole('button', { name: t('opinions.submit'), exact: true }).click();
    await expectToast(page, t('opinions.registered', { category: '送貨延誤' }));
    await page.locator('.opinion', { hasText: '窗戶測量晚了兩天' }).waitFor();
  });

  it('aFormWithTooManyWrongCodes_isLockedForTheClerk_listedForTheAdministration_andFiledByIt', async () => {
    // a merchant of its own, so the other tests' figures stay as they are
    const c = (await sys.admin.post('/merchants', { name: uniqueName('安心鎖具').slice(0, 30), stall: 'C-303', category: '五金' })).body.id;
    await sys.admin.post(`/merchants/${c}/staff`, {
      name: '趙師傅',
      phone: '13800000003',
      certificateNo: 'CC-1',
      certificateValidUntil: addDays(today, 365),
    });
    const desk = sys.anonymous().as((await sys.anonymous().post('/auth/login', people.clerk)).body.accessToken);
    const bought = await desk.post('/purchases', {
      customer: { name: '周先生', phone: '13700003333', address: '上海市黃浦區中山東一路 1 號' },
      lines: [
        {
          merchantId: c,
          items: [{ description: '智能門鎖', quantity: 1, amountCents: 99900 }],
          services: [{ type: 'install', plannedDate: today }],
        },
      ],
    });
    const form = (await desk.get(`/forms?purchaseId=${bought.body.purchaseId}&waitFor=1`)).body.items[0];
    const wrong = form.verificationCode === '22222222' ? '33333333' : '22222222';
    for (let i = 0; i < 5; i++)
      expect(
        (await desk.post(`/forms/${form.serial}/return`, { verificationCode: wrong, rating: 'satisfied', staffId: 'x', servicedOn: today }))
          .status,
      ).toBe(422);
    const fill = async (page: Page) => {
      await page.getByLabel(t('form.verificationCode')).fill(form.verificationCode);
      await page.getByLabel(t('form.staff')).selectOption({ label: '趙師傅 · CC-1' });
      await page.getByRole('radio', { name: t('rating.satisfied'), exact: true }).click();
      await page.getByRole('button', { name: t('file.submit'), exact: true }).click();
    };

    // the clerk is told on looking it up, and refused plainly even with the right code
    const clerk = await users.signIn(people.clerk);
    await clerk.goto(`${sys.url}/#/forms/file`);
    await clerk.getByLabel(t('form.serial')).fill(form.serial);
    await clerk.getByRole('button', { name: t('file.lookup') }).click();
    await clerk.getByText(t('file.locked', { n: 5 })).waitFor();
    await fill(clerk);
    await clerk
      .getByRole('alert')
      .filter({ hasText: t('problem.FILING_LOCKED') })
      .first()
      .waitFor();
    await screenshot(clerk, 'clerk-file-form-locked');

    // the administration sees who typed them, and files the form from its list
    const admin = await users.signIn(people.admin);
    await admin.getByRole('link', { name: t('nav.wrongCodes') }).click();
    const rows = admin.locator(`tr[data-serial="${form.serial}"]`);
    await rows.first().waitFor();
    expect(await rows.count()).toBe(5);
    expect(await rows.first().textContent()).toContain(people.clerk.username);
    await screenshot(admin, 'admin-wrong-codes');
    await rows
      .first()
      .getByRole('link', { name: t('form.fileAsAdmin') })
      .click();
    await admin.locator(`.form-summary[data-serial="${form.serial}"]`).waitFor();
    await admin.getByText(t('file.lockedAdmin', { n: 5 })).waitFor();
    await fill(admin);
    await expectToast(admin, t('file.filed', { serial: form.serial }));
    expect((await desk.get(`/forms/${form.serial}`)).body).toMatchObject({ status: 'filed', late: false });
  });

  it('whenTheDueDateHasPassed_theUnreturnedFormIsAViolation_andTheClerkWorksItsCallback', async () => {
    const installB = formOf(nameB, t('service.install'));
    await sys.admin.post('/_test/clock', { advanceDays: 8 });
    const card = await probe(
      () => sys.admin.get(`/merchants/${b}/scores?period=${period}`),
      (r) => r.status === 200 && r.body.score === 0 && r.body.violations?.[0]?.caseId,
      { timeoutMs: 30000, what: `merchant B's score of ${period} set to 0 by the overdue ${installB.serial}, with its penalty case` },
    );
    expect(card.body.violations).toEqual([expect.objectContaining({ kind: 'form_not_returned', serial: installB.serial, status: 'open' })]);
    caseId = card.body.violations[0].caseId;

    const page = await users.signIn(people.clerk);
    await page.goto(`${sys.url}/#/callbacks`);
    const task = page.locator(`[data-serial="${installB.serial}"]`);
    await probePage(
      page,
      () => task.count(),
      (n) => n === 1,
      `the callback of the overdue ${installB.serial} in the worklist`,
    );
    await screenshot(page, 'clerk-callbacks');
    // "no form" would set merchant B's month to 0 and open a case: it says so and asks first; Cancel or Escape records nothing
    const question = task.getByRole('alertdialog', { name: t('outcome.no_form') });
    await task.getByRole('button', { name: t('outcome.no_form'), exact: true }).click();
    // the form is overdue, so its missing violation is there already: the desk says no second case opens
    const monthInWords = (p: string) =>
      new Intl.DateTimeFormat('zh-Hant', { timeZone: 'UTC', year: 'numeric', month: 'long' }).format(new Date(`${p}-01T00:00:00Z`));
    await question.getByText(t('consequence.alreadyMissing', { merchant: nameB, month: monthInWords(period) })).waitFor();
    await screenshot(page, 'clerk-callbacks-confirm');
    await question.getByRole('button', { name: t('common.cancel') }).click();
    await question.waitFor({ state: 'detached' });
    await task.getByRole('button', { name: t('outcome.no_form'), exact: true }).click();
    await question.waitFor();
    await page.keyboard.press('Escape');
    await question.waitFor({ state: 'detached' });
    await task.getByText(t('callbacks.attempts', { n: 0 })).waitFor();
    expect((await sys.admin.get(`/merchants/${b}/scores?period=${period}`)).body.violations).toHaveLength(1);
    await task.getByRole('button', { name: t('outcome.unreachable'), exact: true }).click();
    await expectToast(page, t('callbacks.recorded', { outcome: t('outcome.unreachable'), serial: installB.serial }));
    await task.getByText(t('callbacks.attempts', { n: 1 })).waitFor();

    // a finding too says what it does before it is recorded; Cancel records nothing
    await page.getByRole('link', { name: t('nav.findings') }).click();
    const findingForm = page.getByRole('form', { name: t('findings.new') });
    await findingForm.getByLabel(t('common.merchant')).selectOption(b);
    await findingForm.getByLabel(t('findings.note')).fill('巡查發現未發反饋表');
    await findingForm.getByRole('button', { name: t('findings.submit') }).click();
    const findingQuestion = findingForm.getByRole('alertdialog', { name: t('findings.submit') });
    // no service date: the month of the finding, by the test clock
    const findingMonth = localDate(new Date((await sys.admin.get('/_test/clock')).body.now)).slice(0, 7);
    await findingQuestion.getByText(t('consequence.zero', { merchant: nameB, month: monthInWords(findingMonth) })).waitFor();
    await findingQuestion.getByRole('button', { name: t('common.cancel') }).click();
    await findingQuestion.waitFor({ state: 'detached' });
    await page.getByText(t('findings.empty')).waitFor();
    expect((await sys.admin.get(`/merchants/${b}/scores?period=${period}`)).body.violations).toHaveLength(1);
  });

  it('theMerchant_seesItsZeroExplainedByTheViolation_withCustomersPhonesMasked_andAppeals', async () => {
    const installB = formOf(nameB, t('service.install'));
    const page = await users.signIn(people.merchantB);
    await page.goto(`${sys.url}/#/merchants/${b}/scorecard?period=${period}`);
    await page.locator('[data-stat="score"] .stat__value', { hasText: '0.0' }).waitFor();
    await page.getByText(t('scorecard.why.zero', { n: 1 })).waitFor();
    await page.locator('[data-stat="return"]', { hasText: '50.0%' }).getByText(t('scores.warning')).waitFor();
    await page.locator('[data-stat="satisfaction"]', { hasText: '100.0%' }).waitFor();
    const violation = page.locator('.violation', { hasText: installB.serial });
    await violation.getByText(t('penaltyKind.form_not_returned')).waitFor();
    await page.locator('svg[role="img"]').first().waitFor(); // the 12-month trend
    await screenshot(page, 'merchant-scorecard-zero');

    // the form behind the violation: the customer's phone is masked for a merchant
    await page.goto(`${sys.url}/#/forms/${installB.serial}`);
    await page.locator('[data-phone]').waitFor();
    expect(await page.locator('[data-phone]').innerText()).toMatch(/^139\*+5678$/);
    expect(await page.content()).not.toContain(customerPhone);
    expect(await page.getByText(t('form.verificationCode')).count()).toBe(0);

    await page.goto(`${sys.url}/#/merchants/${b}/scorecard?period=${period}`);
    await page.getByRole('link', { name: t('scorecard.case', { id: caseId }) }).click();
    await page.getByRole('heading', { name: t('cases.detailTitle', { id: caseId }) }).waitFor();
    // the evidence: the form's own history, issued and then overdue
    const evidence = page.locator('.timeline').first();
    await evidence.getByText(t('event.FormIssued'), { exact: true }).waitFor();
    await evidence.getByText(t('event.FormOverdue'), { exact: true }).waitFor();
    await page.getByLabel(t('cases.appealStatement')).fill('顧客臨時出國，安裝延後；反饋表會在安裝後交回。');
    await page.getByRole('button', { name: t('cases.submitAppeal') }).click();
    // one appeal per case: it is sent once confirmed
    await page.getByRole('button', { name: t('cases.confirmAppealSubmit') }).click();
    await expectToast(page, t('cases.appealDone', { id: caseId }));
    await page.locator('[data-appeal]', { hasText: '顧客臨時出國' }).waitFor();
    await screenshot(page, 'merchant-case-appealed');
  });

  it('aMerchant_isRefusedAnotherMerchantsPages_withAPlainNotAllowedState', async () => {
    const page = await users.signIn(people.merchantA);
    for (const path of [
      `/merchants/${b}/scorecard?period=${period}`,
      `/cases/${caseId}`,
      `/forms/${formOf(nameB, t('service.install')).serial}`,
      '/review',
    ]) {
      await page.goto(`${sys.url}/#${path}`);
      await page.locator('[data-state="not-allowed"]').getByText(t('state.notAllowed.title')).waitFor();
    }
    await screenshot(page, 'merchant-not-allowed');
    // its own pages still work
    await page.goto(`${sys.url}/#/merchants/${a}/scorecard?period=${period}`);
    await page.locator('[data-stat="score"] .stat__value', { hasText: '100.0' }).waitFor();
  });

  it('theAdministration_seesTheWarnings_exportsTheScores_andDismissesTheCase_afterWhichTheScoreComesBack', async () => {
    const page = await users.signIn(people.admin);
    await page.goto(`${sys.url}/#/scores?period=${period}`);
    // every merchant's row comes from the scores projection, which follows the events
    const rowB = page.locator(`tr[data-merchant="${b}"]`);
    await probePage(
      page,
      async () => (await rowB.getAttribute('class')) ?? '',
      (c) => c.includes('row--warn'),
      `merchant B's row warned (return rate 50%)`,
    );
    expect(await page.locator(`tr[data-merchant="${a}"]`).getAttribute('class')).not.toContain('row--warn');
    await screenshot(page, 'admin-scores');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: t('export.scores') }).click();
    const csv = readFileSync(await (await download).path(), 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain(nameB);

    await page.goto(`${sys.url}/#/opinions/summary?period=${period}`);
    await page.locator('svg[role="img"]', { hasText: '送貨延誤' }).first().waitFor();
    await screenshot(page, 'admin-opinion-summary');

    await page.getByRole('link', { name: t('nav.review') }).click();
    await page.locator(`tr[data-case="${caseId}"]`).getByRole('link').click();
    await page.locator('[data-appeal]', { hasText: '顧客臨時出國' }).waitFor();
    await page.getByRole('radio', { name: t('decision.dismiss.action') }).click();
    await page.getByLabel(t('cases.decisionReason')).fill('顧客原因，商戶無過失。');
    await screenshot(page, 'admin-penalty-review');
    await page.getByRole('button', { name: t('cases.submitDecision') }).click();
    await expectToast(page, t('cases.dismissed', { id: caseId }));

    await page.goto(`${sys.url}/#/merchants/${b}/scorecard?period=${period}`);
    await probePage(
      page,
      () => page.locator('[data-stat="score"] .stat__value').innerText(),
      (score) => score === '100.0',
      `merchant B's score of ${period} back at 100.0 once its only violation is dismissed`,
    );
    await page.locator('.violation', { hasText: t('violationStatus.dismissed') }).waitFor();
    await screenshot(page, 'admin-scorecard-restored');
  });

  it('everyMainPage_showsItsContent_notAnErrorState', async () => {
    const pages: Array<[keyof typeof people, string, string]> = [
      ['clerk', '/purchases', 'clerk-purchases'],
      ['clerk', '/forms', 'clerk-forms'],
      ['clerk', `/forms/${formOf(nameB, t('service.install')).serial}`, 'clerk-form-detail'],
      ['clerk', '/findings', 'clerk-findings'],
      ['clerk', `/opinions?period=${period}`, 'clerk-opinions'],
      ['clerk', `/merchants/${a}/staff`, 'clerk-staff'],
      ['merchantB', '/forms', 'merchant-forms'],
      ['merchantB', '/cases?status=all', 'merchant-cases'],
      ['admin', '/merchants', 'admin-merchants'],
      ['admin', '/accounts', 'admin-accounts'],
      ['admin', '/policy', 'admin-policy'],
      ['admin', '/review?status=decided', 'admin-decided-cases'],
      ['admin', '/wrong-codes', 'admin-wrong-codes-later'],
      ['admin', '/audit', 'admin-audit'],
      ['merchantB', '/account', 'merchant-account'],
    ];
    const anonymous = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const login = await anonymous.newPage();
    await login.goto(sys.url);
    await login.getByLabel(t('login.username')).waitFor();
    await screenshot(login, 'login');
    await anonymous.close();

    const signedIn = new Map<string, Page>();
    for (const [who, path, name] of pages) {
      if (!signedIn.has(who)) signedIn.set(who, await users.signIn(people[who]));
      const page = signedIn.get(who)!;
      await page.goto(`${sys.url}/#${path}`);
      await page.locator('main h1').waitFor();
      await probe(
        () => page.locator('.state--loading').count(),
        (n) => n === 0,
        { what: `${path} loaded` },
      );
      expect({ path, errorStates: await page.locator('[data-state]').count() }).toEqual({ path, errorStates: 0 });
      await screenshot(page, name);
    }
  });

  it('aClerk_changesTheirPasswordOnAPhone_andSignsInWithTheNewOne_underTheTestSystemsBanner', async () => {
    const phone = { width: 390, height: 844 };
    const clockDate = async () => localDate(new Date((await sys.admin.get('/_test/clock')).body.now));
    const before = await clockDate();
    const page = await users.signIn(people.clerk, phone);

    // a test system says so on every page, with the system's date (days ahead of this computer's by now)
    const banner = page.locator('[data-test-clock]');
    await banner.getByText(t('app.testClock')).waitFor();
    const after = await clockDate();
    expect([before, after]).toContain(/\d{4}-\d{2}-\d{2}/.exec(await banner.innerText())?.[0]);

    await page.getByRole('link', { name: t('app.myAccount') }).click();
    await page.getByRole('heading', { name: t('account.title') }).waitFor();
    // banner, top bar and form fit a phone's width
    expect(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBeLessThanOrEqual(0);

    // the policy is told while typing; a wrong current password is told on its field, and nothing changes
    const newPassword = `${people.clerk.password}-new`;
    await page.getByLabel(t('account.newPassword'), { exact: true }).fill('abababababab');
    await page.getByText(t('validation.passwordVariety')).waitFor();
    await page.getByLabel(t('account.currentPassword')).fill('not-my-password');
    await page.getByLabel(t('account.newPassword'), { exact: true }).fill(newPassword);
    await page.getByLabel(t('account.repeatPassword')).fill(newPassword);
    await page.getByRole('button', { name: t('account.submit') }).click();
    await page
      .locator('.field--invalid', { hasText: t('account.currentPassword') })
      .getByText(t('problem.WRONG_PASSWORD'))
      .waitFor();
    await page.getByLabel(t('account.currentPassword')).fill(people.clerk.password);
    await page.getByRole('button', { name: t('account.submit') }).click();
    await expectToast(page, t('account.changed'));
    const oldPassword = people.clerk.password;
    people.clerk.password = newPassword;
    await screenshot(page, 'phone-my-account');

    // signed out on the server: the old password no longer opens the account, the new one does
    await page.getByRole('button', { name: t('app.signOut') }).click();
    await page.getByLabel(t('login.username')).fill(people.clerk.username);
    await page.getByLabel(t('login.password')).fill(oldPassword);
    await page.getByRole('button', { name: t('login.submit') }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: t('problem.BAD_CREDENTIALS') })
      .waitFor();
    await page.getByLabel(t('login.password')).fill(newPassword);
    await page.getByRole('button', { name: t('login.submit') }).click();
    await page.getByRole('button', { name: t('app.signOut') }).waitFor();
  });

  it('theAdministration_disablesAnAccount_whoseOpenPageIsSentToSignIn_thenLetsItBackIn_andTheAuditLogSaysSo', async () => {
    const desk2 = await users.account('clerk');
    const desk = await users.signIn(desk2);
    await desk.getByRole('heading', { name: t('purchase.title') }).waitFor();

    const admin = await users.signIn(people.admin);
    await admin.getByRole('link', { name: t('nav.accounts'), exact: true }).click();
    const row = admin.locator(`tr[data-username="${desk2.username}"]`);
    await row.waitFor();
    // an administrator cannot disable their own account
    const own = admin.locator(`tr[data-username="${people.admin.username}"]`);
    await own.getByRole('button', { name: t('accounts.resetPassword') }).waitFor();
    expect(await own.getByRole('button', { name: t('accounts.disable') }).count()).toBe(0);

    // disabling is asked first, then ends the user's session at once
    await row.getByRole('button', { name: t('accounts.disable') }).click();
    const question = admin.locator(`[data-question="disable"][data-for="${desk2.username}"]`);
    await question.getByText(t('accounts.confirmDisable', { username: desk2.username })).waitFor();
    await question.getByRole('button', { name: t('accounts.confirmDisableSubmit') }).click();
    await expectToast(admin, t('accounts.disabledDone', { username: desk2.username }));
    await row.getByText(t('accounts.disabled'), { exact: true }).waitFor();

    // the user's open page: its next action lands on the sign-in page, which says why
    await desk.getByRole('link', { name: t('nav.forms'), exact: true }).click();
    await desk.locator('[data-ended="ended"]', { hasText: t('login.ended') }).waitFor();
    await screenshot(desk, 'session-ended');
    await desk.getByLabel(t('login.username')).fill(desk2.username);
    await desk.getByLabel(t('login.password')).fill(desk2.password);
    await desk.getByRole('button', { name: t('login.submit') }).click();
    await desk
      .getByRole('alert')
      .filter({ hasText: t('problem.ACCOUNT_DISABLED') })
      .waitFor();

    // someone keeps guessing: sign-in is held for a while, and the page says how long
    for (let i = 0; i < 5; i++)
      expect((await sys.anonymous().post('/auth/login', { username: desk2.username, password: `guess-${i}-wrong` })).status).toBe(401);
    await desk.getByRole('button', { name: t('login.submit') }).click();
    await desk.locator('[data-code="TOO_MANY_ATTEMPTS"]', { hasText: shaped('problem.TOO_MANY_ATTEMPTS.wait') }).waitFor();

    // the administration sees the failures, lifts the lock, sets a new password and enables the account
    await admin.reload();
    await row.getByText(t('accounts.failing')).waitFor();
    await screenshot(admin, 'admin-accounts-disabled');
    await row.getByRole('button', { name: t('accounts.unlock') }).click();
    await expectToast(admin, t('accounts.unlockedDone', { username: desk2.username, n: 1 }));
    await row.getByText(t('accounts.failing')).waitFor({ state: 'detached' });
    await row.getByRole('button', { name: t('accounts.resetPassword') }).click();
    const newPassword = `${desk2.password}-reset`;
    const reset = admin.getByLabel(t('accounts.newPasswordFor', { username: desk2.username }));
    await reset.fill('short');
    await admin.locator('[data-question="reset"] .field__error', { hasText: t('validation.password') }).waitFor();
    await reset.fill(newPassword);
    await admin.getByRole('button', { name: t('accounts.resetSubmit') }).click();
    await expectToast(admin, t('accounts.resetDone', { username: desk2.username }));
    await row.getByRole('button', { name: t('accounts.enable') }).click();
    await expectToast(admin, t('accounts.enabledDone', { username: desk2.username }));
    await row.getByText(t('accounts.active'), { exact: true }).waitFor();

    await desk.getByLabel(t('login.password')).fill(newPassword);
    await desk.getByRole('button', { name: t('login.submit') }).click();
    await desk.getByRole('button', { name: t('app.signOut') }).waitFor();

    // the audit log, newest first, in words
    await admin.getByRole('link', { name: t('accounts.audit') }).click();
    await admin.getByRole('heading', { name: t('audit.title') }).waitFor();
    await admin.locator('tr[data-audit]').first().waitFor();
    const entries = await admin.locator('tr[data-audit]').evaluateAll((rows) =>
      rows.map((r) => ({
        type: r.getAttribute('data-audit'),
        text: (r.children[1] as { textContent: string | null }).textContent ?? '',
      })),
    );
    const by = people.admin.username;
    const user = desk2.username;
    expect(entries.slice(0, 4)).toEqual([
      { type: 'AccountEnabled', text: t('audit.AccountEnabled', { by, username: user }) },
      { type: 'PasswordReset', text: t('audit.PasswordReset', { by, username: user }) },
      { type: 'SignInUnlocked', text: t('audit.SignInUnlocked', { by, username: user, n: 1 }) },
      { type: 'AccountDisabled', text: t('audit.AccountDisabled', { by, username: user }) + t('audit.oneSessionEnded') },
    ]);
    // the clerk's own change of password and sign-out, and the test clock moved by the administrator
    expect(entries).toContainEqual({ type: 'SignedOut', text: t('audit.SignedOut', { username: people.clerk.username }) });
    expect(entries).toContainEqual({
      type: 'PasswordChanged',
      text: expect.stringContaining(t('audit.PasswordChanged', { username: people.clerk.username })),
    });
    expect(entries).toContainEqual({
      type: 'TestClockMoved',
      text: expect.stringMatching(shaped('audit.TestClockMoved', { by: 'admin' })),
    });
    await screenshot(admin, 'admin-audit-log');
  });

  it('onATablet_theDeskPagesFitAndTheLanguageChoiceIsKept', async () => {
    const page = await users.signIn(people.clerk, { width: 820, height: 1180 });
    await page.goto(`${sys.url}/#/forms/file`);
    await page.getByLabel(t('form.serial')).waitFor();
    await screenshot(page, 'tablet-file-form');
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);

    await page.getByLabel(t('app.language')).selectOption('zh-Hans');
    await page.getByRole('heading', { name: '反馈表备案' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: '反馈表备案' }).waitFor();
    await page.getByLabel('语言').selectOption('en');
    await page.getByRole('heading', { name: 'File a returned form' }).waitFor();
  });

  it('whenTheFormsAreLate_theClerkIsToldTheyArePending_andRefreshesUntilTheyCome', async () => {
    await sys.system.kill('forms');
    let back = false;
    try {
      const page = await users.signIn(people.clerk);
      await page.getByLabel(t('purchase.customerName')).fill('林先生');
      await page.getByLabel(t('purchase.customerPhone')).fill('13700001111');
      await page.getByLabel(t('purchase.customerAddress')).fill('上海市徐匯區漕溪北路 1 號');
      await page.getByLabel(t('purchase.merchant', { n: 1 }), { exact: true }).selectOption(a);
      await page.getByLabel(t('purchase.description', { n: '1-1' })).fill('複合地板');
      await page.getByLabel(t('purchase.amount', { n: '1-1' })).fill('800');
      await page.getByRole('button', { name: t('purchase.submit') }).click();
      // the purchase stands; its forms are issued when the forms service is back
      await page.getByText(t('purchase.pending')).waitFor({ timeout: 30000 });
      await screenshot(page, 'clerk-forms-pending');
      await sys.system.restart('forms');
      back = true;
      await probe(
        async () => {
          // the refresh button goes away with the pending notice once the forms are there
          const refresh = page.getByRole('button', { name: t('purchase.refreshForms') });
          if ((await refresh.count()) > 0) await refresh.click();
          return page.locator('tr[data-serial]').count();
        },
        (n) => n === 1,
        { timeoutMs: 60000, intervalMs: 1000, what: 'the late form in the registration answer after a refresh' },
      );
      await expectToast(page, t('purchase.formsArrived', { forms: 1 }));
      expect(await page.getByText(t('purchase.pending')).count()).toBe(0);
    } finally {
      if (!back) await sys.system.restart('forms');
    }
  }, 180000);
});
