import { addDays, localDate } from '@fd/kernel';
import { probe, readPdfText, uniqueName } from '@fd/platform/testing';
import { Api, E2eSystem } from './support/system';

// The clerk's day at the desk, through the public entry point of the running system
// (every service in its own process, real PostgreSQL and Kafka, the test clock on).
describe('the service desk, end to end', () => {
  let sys: E2eSystem;
  let clerk: Api;
  let merchantA: Api;
  let merchantB: Api;
  let a: string;
  let b: string;
  let certified: string;
  let expired: string;
  let today: string;
  let registration: any;

  const form = (type: string, merchantId: string, visit = 1) =>
    registration.forms.find((f: any) => f.serviceType === type && f.merchantId === merchantId && f.visit === visit);

  beforeAll(async () => {
    sys = await E2eSystem.start();
    today = localDate(new Date((await sys.admin.get('/_test/clock')).body.now));
    a = (await sys.admin.post('/merchants', { name: '好家居地板', stall: 'A-101', category: '地板' })).body.id;
    b = (await sys.admin.post('/merchants', { name: '明亮燈飾', stall: 'B-210', category: '燈飾' })).body.id;
    clerk = await sys.account('clerk');
    merchantA = await sys.account('merchant', a);
    merchantB = await sys.account('merchant', b);
    certified = (
      await clerk.post(`/merchants/${a}/staff`, {
        name: '陳師傅',
        phone: '13900000001',
        certificateNo: 'SG-1',
        certificateValidUntil: addDays(today, 365),
      })
    ).body.id;
    expired = (
      await clerk.post(`/merchants/${a}/staff`, {
        name: '林師傅',
        phone: '13900000002',
        certificateNo: 'SG-2',
        certificateValidUntil: addDays(today, -1),
      })
    ).body.id;
  });
  afterAll(async () => sys?.stop());

  it('registeringAPurchaseFromTwoMerchants_answersWithACardPerMerchantAndAFormPerServiceVisit', async () => {
    const body = {
      customer: { name: '王小明', phone: '13812345678', address: '上海市浦東新區世紀大道 100 號' },
      lines: [
        {
          merchantId: a,
          items: [{ description: '實木地板', quantity: 30, amountCents: 2680000 }],
          services: [
            { type: 'deliver', plannedDate: addDays(today, 1) },
            { type: 'install', plannedDate: addDays(today, 2) },
          ],
        },
        {
          merchantId: b,
          items: [{ description: '吸頂燈', quantity: 2, amountCents: 159800 }],
          services: [{ type: 'measure', plannedDate: addDays(today, 1), visits: 2 }],
        },
      ],
    };
    const key = uniqueName('key');
    const r = await clerk.post('/purchases', body, { 'idempotency-key': key });
    expect(r.status).toBe(201);
    registration = r.body;
    expect(r.body.cards.map((c: any) => c.merchantId).sort()).toEqual([a, b].sort());
    expect(r.body.forms).toHaveLength(4);
    expect(form('deliver', a)).toMatchObject({
      plannedDate: addDays(today, 1),
      dueDate: addDays(today, 8),
      verificationCode: expect.stringMatching(/^[A-Z2-9]{8}$/),
    });
    expect([form('measure', b, 1), form('measure', b, 2)].every(Boolean)).toBe(true);

    // a double click with the same Idempotency-Key registers nothing twice
    const again = await clerk.post('/purchases', body, { 'idempotency-key': key });
    expect(again.body.purchaseId).toBe(r.body.purchaseId);
    const purchases = await clerk.get('/purchases');
    expect(purchases.body.items.filter((p: any) => p.customer.name === '王小明')).toHaveLength(1);
  });

  it('theCardAndTheFormsPrintAsPdf', async () => {
    const card = await clerk.get(`/cards/${registration.cards[0].cardNo}/print.pdf`);
    expect(card.status).toBe(200);
    expect(card.headers.get('content-type')).toContain('application/pdf');
    expect(card.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const printed = await clerk.get(`/forms/${form('deliver', a).serial}/print.pdf`);
    expect(printed.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(printed.bytes.length).toBeGreaterThan(10000);

    // both name the merchant by the mall's short number, never by its internal id, on one page
    const number = (await clerk.get(`/merchants/${a}`)).body.number;
    expect(number).toMatch(/^M-\d{4,}$/);
    for (const pdf of [card.bytes, printed.bytes]) {
      const text = await readPdfText(pdf);
      expect(text.pages).toBe(1);
      expect(text.all).toContain(number);
      expect(text.all).not.toContain(a);
    }
  });

  it('invalidInput_isA400NamingEachField_andRegistersNothing', async () => {
    const r = await clerk.post('/purchases', { customer: { name: '', phone: 'x', address: '' }, lines: [] });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body.errors.map((e: any) => e.field)).toEqual(expect.arrayContaining(['customer.name', 'customer.phone', 'lines']));
  });

  it('filingReturnedForms_recordsTheRatingAndWhetherTheStaffWasCertified', async () => {
    await sys.admin.post('/_test/clock', { advanceDays: 2 });
    const deliver = form('deliver', a);
    const install = form('install', a);
    const wrong = await clerk.post(`/forms/${deliver.serial}/return`, {
      verificationCode: 'ZZZZZZZZ',
      rating: 'satisfied',
      staffId: certified,
      servicedOn: deliver.plannedDate,
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe('WRONG_VERIFICATION_CODE');
    expect((await clerk.get(`/forms/${deliver.serial}`)).body.status).toBe('issued'); // a typing slip filed nothing

    const ok = await clerk.post(`/forms/${deliver.serial}/return`, {
      verificationCode: deliver.verificationCode.toLowerCase(),
      rating: 'very_satisfied',
      staffId: certified,
      servicedOn: deliver.plannedDate,
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'filed', rating: 'very_satisfied', staffCertified: true });

    const twice = await clerk.post(`/forms/${deliver.serial}/return`, {
      verificationCode: deliver.verificationCode,
      rating: 'unsatisfied',
      staffId: certified,
      servicedOn: deliver.plannedDate,
    });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('FORM_ALREADY_FILED');

    const uncertified = await clerk.post(`/forms/${install.serial}/return`, {
      verificationCode: install.verificationCode,
      rating: 'very_satisfied',
      staffId: expired,
      servicedOn: install.plannedDate,
    });
    expect(uncertified.body).toMatchObject({ status: 'filed', staffCertified: false });
  });

  it('whenTheDueDateHasEnded_anUnfiledFormBecomesOverdue', async () => {
    const measure = form('measure', b, 1);
    await sys.admin.post('/_test/clock', { advanceDays: 7 });
    const seen = await probe(
      () => clerk.get(`/forms/${measure.serial}`),
      (r) => r.body.status === 'overdue',
      { what: 'the measure form to turn overdue', timeoutMs: 20000 },
    );
    expect(seen.body.timeline.map((e: any) => e.type)).toEqual(expect.arrayContaining(['FormIssued', 'FormOverdue']));
    const overdue = await clerk.get(`/forms?merchantId=${b}&status=overdue`);
    expect(overdue.body.items.map((f: any) => f.serial).sort()).toEqual(
      [form('measure', b, 1).serial, form('measure', b, 2).serial].sort(),
    );
  });

  it('aMerchant_seesOnlyItsOwnForms_withoutVerificationCodes', async () => {
    const own = await merchantB.get('/forms');
    expect(own.status).toBe(200);
    expect(own.body.items.length).toBeGreaterThan(0);
    expect(own.body.items.every((f: any) => f.merchantId === b && f.verificationCode === undefined)).toBe(true);
    expect((await merchantB.get(`/forms/${form('deliver', a).serial}`)).status).toBe(403);
    expect((await merchantB.get(`/forms?merchantId=${a}`)).status).toBe(403);
    expect((await merchantB.get(`/cards/${registration.cards.find((c: any) => c.merchantId === a).cardNo}`)).status).toBe(403);
    const card = await merchantA.get(`/cards/${registration.cards.find((c: any) => c.merchantId === a).cardNo}`);
    expect(card.body.customer.phone).toBe('138****5678');
  });

  it('fiveWrongCodes_lockAFormForFiling_untilTheAdministrationFilesItWithTheRightCode_onTime', async () => {
    const now = localDate(new Date((await sys.admin.get('/_test/clock')).body.now));
    const bought = await clerk.post('/purchases', {
      customer: { name: '周小青', phone: '13600002222', address: '上海市靜安區南京西路 1 號' },
      lines: [
        {
          merchantId: a,
          items: [{ description: '門鎖', quantity: 1, amountCents: 88000 }],
          services: [{ type: 'install', plannedDate: now }],
        },
      ],
    });
    const s1 = (await clerk.get(`/forms?purchaseId=${bought.body.purchaseId}&waitFor=1`)).body.items[0]; // form S-1
    const filing = (code: string) => ({ verificationCode: code, rating: 'satisfied', staffId: certified, servicedOn: now });
    const WRONG = ['22222222', '33333333', '44444444', '55555555', '66666666'].map((c) => (c === s1.verificationCode ? '77777777' : c));
    const clerkName = (await clerk.get('/auth/me')).body.username;

    for (const code of WRONG)
      expect((await clerk.post(`/forms/${s1.serial}/return`, filing(code))).body.code).toBe('WRONG_VERIFICATION_CODE');
    const list = await sys.admin.get(`/wrong-verification-codes?serial=${s1.serial}`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((r: any) => [r.serial, r.username])).toEqual(WRONG.map(() => [s1.serial, clerkName]));
    expect((await clerk.get('/wrong-verification-codes')).status).toBe(403);
    expect((await merchantA.get('/wrong-verification-codes')).status).toBe(403);

    const locked = await clerk.post(`/forms/${s1.serial}/return`, filing(s1.verificationCode));
    expect([locked.status, locked.body.code]).toEqual([423, 'FILING_LOCKED']);
    expect(locked.body.detail).toContain('an administrator must file it');

    const filed = await sys.admin.post(`/forms/${s1.serial}/return`, filing(s1.verificationCode));
    expect(filed.status).toBe(200);
    expect(filed.body).toMatchObject({ status: 'filed', late: false });
    expect(filed.body.timeline.at(-1)).toMatchObject({ type: 'FormFiled', actor: { role: 'admin' } });
    expect((await clerk.post(`/forms/${s1.serial}/return`, filing(WRONG[0]))).body.code).toBe('WRONG_VERIFICATION_CODE');
    expect((await sys.admin.get(`/wrong-verification-codes?serial=${s1.serial}`)).body.items).toHaveLength(5);
  });

  it('aRequestRetriedAfterTheEntryPointLostItsAnswer_createsNothingNew', async () => {
    // the entry point was killed mid-request: its stored answers are gone and the retry goes to the service again
    const todayNow = localDate(new Date((await sys.admin.get('/_test/clock')).body.now)); // earlier tests moved the clock
    const purchase = {
      customer: { name: '趙子龍', phone: '13700001111', address: '上海市長寧區仙霞路 9 號' },
      lines: [
        {
          merchantId: a,
          items: [{ description: '窗簾', quantity: 2, amountCents: 50000 }],
          services: [{ type: 'install', plannedDate: addDays(todayNow, 3) }],
        },
      ],
    };
    const merchant = { name: '重試家居', stall: 'R-1', category: '布藝' };
    const key = { purchase: `retry-purchase-${Date.now()}`, merchant: `retry-merchant-${Date.now()}` };
    const first = await clerk.post('/purchases', purchase, { 'idempotency-key': key.purchase });
    const firstMerchant = await sys.admin.post('/merchants', merchant, { 'idempotency-key': key.merchant });
    expect([first.status, firstMerchant.status]).toEqual([201, 201]);
    const formsBefore = (await clerk.get(`/forms?merchantId=${a}&limit=200`)).body.items.length;
    await sys.forgetStoredAnswers();
    const again = await clerk.post('/purchases', purchase, { 'idempotency-key': key.purchase });
    const againMerchant = await sys.admin.post('/merchants', merchant, { 'idempotency-key': key.merchant });
    expect(again.headers.get('idempotent-replayed')).toBeNull(); // answered by the services, not from the stored answer
    expect(again.status).toBe(201);
    expect(again.body.purchaseId).toBe(first.body.purchaseId);
    expect(again.body.cards).toEqual(first.body.cards);
    expect(again.body.forms.map((f: any) => f.serial)).toEqual(first.body.forms.map((f: any) => f.serial));
    expect(againMerchant.body.id).toBe(firstMerchant.body.id);
    expect((await clerk.get(`/forms?merchantId=${a}&limit=200`)).body.items.length).toBe(formsBefore);
  });

  it('whileTheFormServiceIsDown_thePurchaseIsStillRegistered_andItsFormsFollowWhenItIsBack', async () => {
    await sys.system.kill('forms');
    const r = await clerk.post('/purchases', {
      customer: { name: '李美華', phone: '13987654321', address: '上海市徐匯區漕溪北路 88 號' },
      lines: [
        {
          merchantId: a,
          items: [{ description: '踢腳線', quantity: 10, amountCents: 30000 }],
          services: [{ type: 'install', plannedDate: addDays(today, 12) }],
        },
      ],
    });
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ formsPending: true, cards: [expect.objectContaining({ merchantId: a })] });
    // the entry point says it is not ready (why: on its management port, not to the public), but it is alive
    const management = `http://127.0.0.1:${sys.system.metricsPorts.gateway}`;
    const ready = await probe(
      async () => {
        const r = await fetch(`${management}/health/ready`);
        const publicly = await fetch(`${sys.url}/health/ready`);
        return {
          status: r.status,
          publicStatus: publicly.status,
          publicBody: await publicly.json(),
          checks: ((await r.json()) as { checks: Record<string, string> }).checks,
        };
      },
      (r) => r.status === 503,
      { what: 'the entry point not ready while forms is down (its answer is kept 2 s)' },
    );
    expect(ready.checks['upstream forms']).toMatch(/^down: .*does not answer/);
    expect(ready.publicStatus).toBe(503);
    expect(ready.publicBody).toEqual({ status: 'down' });
    expect((await fetch(`${sys.url}/health/live`)).status).toBe(200);
    await sys.system.restart('forms');
    // the entry point reuses an upstream's answer for 2 s, and forms is back in less
    await probe(
      async () => (await fetch(`${sys.url}/health/ready`)).status,
      (status) => status === 200,
      { what: 'the entry point ready again once forms is back', timeoutMs: 10000 },
    );
    const later = await probe(
      () => clerk.get(`/purchases/${r.body.purchaseId}`),
      (p) => p.body.formsPending === false,
      { what: 'the forms of the purchase registered while forms was down', timeoutMs: 30000 },
    );
    expect(later.body.forms).toHaveLength(1);
    expect(later.body.forms[0]).toMatchObject({ merchantId: a, serviceType: 'install', status: 'issued' });
  });

  it('theEntryPointAndEveryServiceAreHealthy', async () => {
    for (const port of Object.values(sys.system.ports)) {
      const r = await fetch(`http://127.0.0.1:${port}/health`);
      expect(r.status).toBe(200);
    }
  });

  it('everyServiceWorksAsItsOwnDatabaseRole_neverAsTheAdministrator', async () => {
    // deploy/postgres/service-roles.sql: each role owns its service's schema and nothing else
    expect(await sys.databaseRoles()).toEqual(['fd_callbacks', 'fd_forms', 'fd_gateway', 'fd_registration', 'fd_scoring']);
  });
});
