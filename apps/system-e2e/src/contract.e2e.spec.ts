import http from 'node:http';
import { addDays, localDate } from '@fd/kernel';
import { signToken } from '@fd/platform';
import { HttpAnswer, probe, uniqueName } from '@fd/platform/testing';
import { Api, E2eSystem } from './support/system';

/**
 * The public HTTP contract of docs/api.md, checked from outside through the entry point only:
 * every endpoint's happy path (status and documented fields), bad input (a 400 problem naming
 * each field, nothing written), unknown ids, roles, tokens, merchant scope, masked phone
 * numbers, verification codes, Idempotency-Key on every POST, the test clock, /health, the
 * OpenAPI document, and requests no client should send (malformed, huge, odd content types,
 * path tricks) which must still get a clean problem, never a 500 or a stack trace.
 */

type Role = 'clerk' | 'merchant' | 'admin';
type Method = 'GET' | 'POST' | 'PUT';

const PHONE = '13812345678'; // the customer's; merchants must only ever see 138****5678
const STAFF_PHONE = '13900000001';
const PHONE_TEXT = `顧客電話 ${PHONE}，晚上再打`;

const raw = (r: HttpAnswer) => r.bytes.toString();

/** Each error is an RFC 9457 problem document with a SNAKE_CASE code, and never shows our insides. */
function expectProblem(r: HttpAnswer, status: number, code?: string) {
  expect({ status: r.status, contentType: r.headers.get('content-type'), body: r.body }).toMatchObject({
    status,
    contentType: expect.stringContaining('application/problem+json'),
    body: {
      type: expect.any(String),
      title: expect.any(String),
      status,
      detail: expect.any(String),
      code: code ?? expect.stringMatching(/^[A-Z][A-Z0-9_]*$/),
    },
  });
  expect(raw(r)).not.toMatch(/node_modules|\n\s+at |\.ts:\d+|stack/i);
}

/** A 400 whose `errors` name each bad field. */
function expectInvalid(r: HttpAnswer, fields: string[]) {
  expectProblem(r, 400, 'VALIDATION_FAILED');
  for (const e of r.body.errors) expect(e).toEqual({ field: expect.any(String), message: expect.any(String) });
  expect(r.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(fields));
}

/** What a merchant receives never carries a customer's (or a staff member's) whole phone number, nor a verification code. */
function expectNothingHiddenFromMerchants(r: HttpAnswer, what: string) {
  const text = raw(r);
  const leaks = [PHONE, STAFF_PHONE, '138 1234 5678', 'verificationCode'].filter((s) => text.includes(s));
  if (leaks.length) throw new Error(`a merchant was shown ${leaks.join(', ')} by ${what}: ${text.slice(0, 2000)}`);
}

/** A merchant's client: every answer it gets, in every test, is checked for unmasked phones and codes. */
function watched(api: Api): Api {
  const check =
    (method: string, call: (path: string, ...rest: any[]) => Promise<HttpAnswer>) =>
    async (path: string, ...rest: any[]) => {
      const r = await call(path, ...rest);
      expectNothingHiddenFromMerchants(r, `${method} ${path}`);
      return r;
    };
  return { ...api, get: check('GET', api.get), post: check('POST', api.post), put: check('PUT', api.put) };
}

describe('the public HTTP contract (docs/api.md), through the entry point', () => {
  let sys: E2eSystem;
  let admin: Api;
  let clerk: Api;
  let merchantA: Api;
  let merchantB: Api;
  const tokens: Partial<Record<'admin' | 'clerk' | 'merchantA' | 'merchantB', string>> = {};
  let a: string;
  let b: string;
  let staffA: string;
  let staffB: string;
  let today: string;
  let period: string;
  let shared: any; // a purchase with a line for A and one for B
  let onlyA: any; // a purchase with a line for A only
  let deliverA: any;
  let installA: any[];
  let measureB: any[];
  let callbackA: any;
  let callbackB: any;
  let findingA: string;
  let caseA: any;
  let caseB: any;

  const api = (role: Role) => ({ admin, clerk, merchant: merchantA })[role];

  async function signIn(role: Role, merchantId?: string): Promise<{ api: Api; token: string }> {
    const username = uniqueName(role);
    const password = `${username}-password`;
    const made = await sys.admin.post('/users', { username, password, role, ...(merchantId ? { merchantId } : {}) });
    expect(made.status).toBe(201);
    const login = await sys.anonymous().post('/auth/login', { username, password });
    expect(login.status).toBe(200);
    return { api: sys.anonymous().as(login.body.accessToken), token: login.body.accessToken };
  }

  /**
   * Sends a POST with an Idempotency-Key, then the very same request again (the first answer
   * again, marked as replayed), then the same key with another body (409). Returns the first answer.
   */
  async function postOnce(client: Api, path: string, body: object): Promise<HttpAnswer> {
    const key = uniqueName('key');
    const first = await client.post(path, body, { 'idempotency-key': key });
    const again = await client.post(path, body, { 'idempotency-key': key });
    expect({ status: again.status, body: again.body, replayed: again.headers.get('idempotent-replayed') }).toEqual({
      status: first.status,
      body: first.body,
      replayed: 'true',
    });
    const other = await client.post(path, { ...body, otherBody: true }, { 'idempotency-key': key });
    expectProblem(other, 409, 'IDEMPOTENCY_KEY_REUSED');
    return first;
  }

  /** A refused request leaves what `read` sees as it was. */
  async function expectUnchanged(read: () => Promise<HttpAnswer>, act: () => Promise<void>) {
    const before = await read();
    await act();
    const after = await read();
    expect(after.body).toEqual(before.body);
  }

  const caseOfFinding = async (findingId: string) =>
    (
      await probe(
        () => sys.admin.get(`/penalty-cases?status=open`),
        (r) => r.body.items?.some((c: any) => c.findingId === findingId),
        { what: `the penalty case of finding ${findingId}`, timeoutMs: 20000 },
      )
    ).body.items.find((c: any) => c.findingId === findingId);

  const openCallbackOf = async (serial: string) =>
    (
      await probe(
        () => sys.admin.get(`/callbacks?serial=${serial}&status=open`),
        (r) => r.body.items?.length === 1,
        { what: `the callback of ${serial}`, timeoutMs: 20000 },
      )
    ).body.items[0];

  const fileForm = (f: any, body: object = {}) =>
    clerk.post(`/forms/${f.serial}/return`, {
      verificationCode: f.verificationCode,
      rating: 'unsatisfied', // always opens a callback, whatever the sample rate
      staffId: f.merchantId === a ? staffA : staffB,
      servicedOn: f.plannedDate,
      ...body,
    });

  beforeAll(async () => {
    sys = await E2eSystem.start();
    admin = sys.admin;
    tokens.admin = (await sys.anonymous().post('/auth/login', { username: 'admin', password: 'e2e-admin-password' })).body.accessToken;
    today = localDate(new Date((await admin.get('/_test/clock')).body.now));
    period = today.slice(0, 7);
    a = (await admin.post('/merchants', { name: '好家居地板', stall: 'A-101', category: '地板' })).body.id;
    b = (await admin.post('/merchants', { name: '明亮燈飾', stall: 'B-210', category: '燈飾' })).body.id;
    const c = await signIn('clerk');
    const ma = await signIn('merchant', a);
    const mb = await signIn('merchant', b);
    [clerk, tokens.clerk] = [c.api, c.token];
    [merchantA, tokens.merchantA] = [watched(ma.api), ma.token];
    [merchantB, tokens.merchantB] = [watched(mb.api), mb.token];
    const staff = (merchantId: string, phone: string) =>
      clerk.post(`/merchants/${merchantId}/staff`, {
        name: '陳師傅',
        phone,
        certificateNo: uniqueName('SG'),
        certificateValidUntil: addDays(today, 365),
      });
    staffA = (await staff(a, STAFF_PHONE)).body.id;
    staffB = (await staff(b, '13900000002')).body.id;
  });
  afterAll(async () => sys?.stop());

  // ---------------------------------------------------------------- operations and documents
  describe('operations', () => {
    it('theEntryPoint_answersHealth', async () => {
      const r = await fetch(`${sys.url}/health`);
      expect(r.status).toBe(200);
      expect(await r.json()).toMatchObject({ status: 'up' });
    });

    it('theOpenApiDocument_listsEveryPathOfApiMd_withItsMethods', async () => {
      const r = await sys.anonymous().get('/openapi.json');
      expect(r.status).toBe(200);
      expect(r.body.openapi).toMatch(/^3\./);
      const documented: Array<[string, string]> = [
        ['post', '/api/v1/auth/login'],
        ['post', '/api/v1/users'],
        ['post', '/api/v1/merchants'],
        ['get', '/api/v1/merchants'],
        ['post', '/api/v1/merchants/{merchantId}/staff'],
        ['post', '/api/v1/merchants/{merchantId}/staff/{staffId}/revoke'],
        ['get', '/api/v1/merchants/{merchantId}/staff'],
        ['post', '/api/v1/purchases'],
        ['get', '/api/v1/purchases/{purchaseId}'],
        ['get', '/api/v1/cards/{cardNo}'],
        ['get', '/api/v1/cards/{cardNo}/print.pdf'],
        ['get', '/api/v1/forms/{serial}/print.pdf'],
        ['post', '/api/v1/cards/{cardNo}/services'],
        ['get', '/api/v1/forms'],
        ['get', '/api/v1/forms/{serial}'],
        ['post', '/api/v1/forms/{serial}/return'],
        ['post', '/api/v1/forms/{serial}/void'],
        ['get', '/api/v1/wrong-verification-codes'],
        ['get', '/api/v1/callbacks'],
        ['post', '/api/v1/callbacks/{callbackId}/attempts'],
        ['post', '/api/v1/findings'],
        ['get', '/api/v1/merchants/{merchantId}/scores'],
        ['get', '/api/v1/scores'],
        ['get', '/api/v1/penalty-cases'],
        ['get', '/api/v1/penalty-cases/{caseId}'],
        ['post', '/api/v1/penalty-cases/{caseId}/appeal'],
        ['post', '/api/v1/penalty-cases/{caseId}/decision'],
        ['post', '/api/v1/opinions'],
        ['get', '/api/v1/opinions'],
        ['get', '/api/v1/opinions/summary'],
        ['get', '/api/v1/policy'],
        ['put', '/api/v1/policy'],
        ['get', '/api/v1/_test/clock'], // this system runs in test mode
        ['post', '/api/v1/_test/clock'],
        ['get', '/health'],
      ];
      const missing = documented.filter(([method, path]) => !r.body.paths?.[path]?.[method]).map(([m, p]) => `${m.toUpperCase()} ${p}`);
      expect(missing).toEqual([]);
      const posts = Object.entries(r.body.paths as Record<string, any>).filter(([path, ops]) => ops.post && path !== '/api/v1/auth/login');
      for (const [path, ops] of posts)
        expect({ path, idempotencyKey: ops.post.parameters?.some((p: any) => p.name === 'Idempotency-Key' && p.in === 'header') }).toEqual({
          path,
          idempotencyKey: true,
        });
    });
  });

  // ---------------------------------------------------------------- auth
  describe('auth', () => {
    it('login_answersATokenWithTheRole_andAMerchantsMerchantId', async () => {
      const username = uniqueName('m');
      await postOnce(admin, '/users', { username, password: `${username}-password`, role: 'merchant', merchantId: a });
      const r = await sys.anonymous().post('/auth/login', { username, password: `${username}-password` });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ accessToken: expect.any(String), role: 'merchant', merchantId: a });
      const me = await sys.anonymous().as(r.body.accessToken).get('/auth/me');
      expect(me.body).toMatchObject({ role: 'merchant', merchantId: a });
    });

    it('login_withAWrongPassword_is401_andWithBadFields_is400', async () => {
      expectProblem(await sys.anonymous().post('/auth/login', { username: 'admin', password: 'not-the-password' }), 401);
      expectInvalid(await sys.anonymous().post('/auth/login', { username: '', password: 5 }), ['username', 'password']);
      expectInvalid(await sys.anonymous().post('/auth/login', { username: 'u'.repeat(65), password: 'p'.repeat(201) }), [
        'username',
        'password',
      ]);
    });

    it('login_withAnIdempotencyKey_isAccepted', async () => {
      // a sign-in changes nothing, and its answer (a token) is never stored: a repeat simply signs in again
      const key = uniqueName('key');
      for (let i = 0; i < 2; i++) {
        const r = await sys
          .anonymous()
          .post('/auth/login', { username: 'admin', password: 'e2e-admin-password' }, { 'idempotency-key': key });
        expect(r.status).toBe(200);
      }
    });

    it('users_createAndList_onlyForAdmins_andRefuseBadFields', async () => {
      const username = uniqueName('clerk');
      const made = await postOnce(admin, '/users', { username, password: `${username}-password`, role: 'clerk' });
      expect(made.status).toBe(201);
      expect(made.body).toEqual({ id: expect.any(String) });
      const list = await admin.get('/users');
      expect(list.body.items.filter((u: any) => u.username === username)).toHaveLength(1); // the replay made no second account
      await expectUnchanged(
        () => admin.get('/users'),
        async () =>
          expectInvalid(await admin.post('/users', { username: 'x', password: 'short', role: 'boss', merchantId: '' }), [
            'username',
            'password',
            'role',
          ]),
      );
      expectInvalid(await admin.post('/users', { username: uniqueName('m'), password: 'long-enough-1', role: 'merchant' }), ['merchantId']);
    });

    it('users_aMerchantAccountForAMerchantTheRegistryDoesNotKnow_isRefused', async () => {
      const username = uniqueName('m');
      const r = await admin.post('/users', { username, password: 'long-enough-1', role: 'merchant', merchantId: 'no-such-merchant' });
      expect(r.status).toBe(422);
      expect(r.body.code).toBe('UNKNOWN_MERCHANT');
      expect((await admin.get('/users')).body.items.map((u: any) => u.username)).not.toContain(username);
    });
  });

  // ---------------------------------------------------------------- registry
  describe('registry', () => {
    it('merchants_registerAndList', async () => {
      const r = await postOnce(admin, '/merchants', { name: '新商戶', stall: 'C-301', category: '門窗' });
      expect(r.status).toBe(201);
      expect(r.body).toEqual({ id: expect.any(String) });
      const list = await clerk.get('/merchants');
      expect(list.status).toBe(200);
      expect(list.body.items.filter((m: any) => m.stall === 'C-301')).toHaveLength(1);
      expect(list.body.items[0]).toMatchObject({
        id: expect.any(String),
        name: expect.any(String),
        stall: expect.any(String),
        category: expect.any(String),
      });
      expect((await clerk.get(`/merchants/${a}`)).body).toMatchObject({ id: a, name: '好家居地板', stall: 'A-101', category: '地板' });
      await expectUnchanged(
        () => admin.get('/merchants'),
        async () => expectInvalid(await admin.post('/merchants', { name: '', stall: 42 }), ['name', 'stall', 'category']),
      );
    });

    it('staff_registerListAndRevoke', async () => {
      const made = await postOnce(clerk, `/merchants/${a}/staff`, {
        name: '林師傅',
        phone: '13900000003',
        certificateNo: 'SG-REVOKE',
        certificateValidUntil: addDays(today, 100),
      });
      expect(made.status).toBe(201);
      expect(made.body).toEqual({ id: expect.any(String) });
      const list = await clerk.get(`/merchants/${a}/staff`);
      expect(list.body.items.filter((s: any) => s.certificateNo === 'SG-REVOKE')).toHaveLength(1);
      expect(list.body.items.find((s: any) => s.id === staffA)).toMatchObject({
        id: staffA,
        merchantId: a,
        name: '陳師傅',
        phone: STAFF_PHONE,
        certificateValidUntil: addDays(today, 365),
        certificateStatus: 'valid',
      });

      const revoked = await postOnce(clerk, `/merchants/${a}/staff/${made.body.id}/revoke`, { reason: `證件造假，舉報人 ${PHONE}` });
      expect(revoked.status).toBe(200);
      expect(revoked.body).toMatchObject({ id: made.body.id, certificateStatus: 'revoked', revokedOn: today });
      expectProblem(await clerk.post(`/merchants/${a}/staff/${made.body.id}/revoke`, { reason: 'again' }), 409);

      await expectUnchanged(
        () => clerk.get(`/merchants/${a}/staff`),
        async () => {
          expectInvalid(await clerk.post(`/merchants/${a}/staff`, { name: ' ', phone: '12-34', certificateValidUntil: '2026-02-30' }), [
            'name',
            'phone',
            'certificateNo',
            'certificateValidUntil',
          ]);
          expectInvalid(await clerk.post(`/merchants/${a}/staff/${staffA}/revoke`, { reason: '' }), ['reason']);
          expectProblem(await clerk.post(`/merchants/${a}/staff/no-such-staff/revoke`, { reason: 'r' }), 404);
        },
      );
      expectProblem(
        await clerk.post(`/merchants/no-such-merchant/staff`, {
          name: 'n',
          phone: '1234567',
          certificateNo: 'c',
          certificateValidUntil: today,
        }),
        404,
        'MERCHANT_NOT_FOUND',
      );
      expectProblem(await clerk.get('/merchants/no-such-merchant'), 404, 'MERCHANT_NOT_FOUND');
      expectProblem(await clerk.get('/merchants/no-such-merchant/staff'), 404, 'MERCHANT_NOT_FOUND');
    });
  });

  // ---------------------------------------------------------------- purchases, cards, forms
  describe('purchases and cards', () => {
    const customer = { name: '王小明', phone: PHONE, address: '上海市浦東新區世紀大道 100 號' };

    it('registeringAPurchase_answersCardsAndForms_once', async () => {
      const before = (await clerk.get('/purchases?limit=200')).body.items.length;
      const r = await postOnce(clerk, '/purchases', {
        customer,
        lines: [
          {
            merchantId: a,
            items: [{ description: '實木地板', quantity: 30, amountCents: 2680000 }],
            services: [
              { type: 'deliver', plannedDate: today },
              { type: 'install', plannedDate: today, visits: 3 },
            ],
          },
          {
            merchantId: b,
            items: [{ description: '吸頂燈', quantity: 2, amountCents: 159800 }],
            services: [{ type: 'measure', plannedDate: today, visits: 2 }],
          },
        ],
      });
      expect(r.status).toBe(201);
      shared = r.body;
      expect(shared).toMatchObject({
        purchaseId: expect.any(String),
        cards: [
          { cardNo: expect.any(String), merchantId: a },
          { cardNo: expect.any(String), merchantId: b },
        ],
      });
      expect(shared.forms).toHaveLength(6);
      for (const f of shared.forms)
        expect(f).toMatchObject({
          serial: expect.any(String),
          verificationCode: expect.any(String),
          merchantId: expect.any(String),
          serviceType: expect.any(String),
          visit: expect.any(Number),
          plannedDate: today,
          dueDate: addDays(today, 7),
        });
      const of = (type: string, m: string) =>
        shared.forms.filter((f: any) => f.serviceType === type && f.merchantId === m).sort((x: any, y: any) => x.visit - y.visit);
      [deliverA] = of('deliver', a);
      installA = of('install', a);
      measureB = of('measure', b);
      expect((await clerk.get('/purchases?limit=200')).body.items.length).toBe(before + 1); // the replay registered nothing

      onlyA = (
        await clerk.post('/purchases', {
          customer,
          lines: [{ merchantId: a, items: [{ description: '踢腳線', quantity: 10, amountCents: 30000 }], services: [] }],
        })
      ).body;
      expect(onlyA.cards).toEqual([{ cardNo: expect.any(String), merchantId: a }]);
    });

    it('badPurchases_are400NamingEachField_andRegisterNothing', async () => {
      await expectUnchanged(
        () => clerk.get('/purchases?limit=200'),
        async () => {
          expectInvalid(await clerk.post('/purchases', { customer: { name: '', phone: 'x', address: '' }, lines: [] }), [
            'customer.name',
            'customer.phone',
            'customer.address',
            'lines',
          ]);
          expectInvalid(
            await clerk.post('/purchases', {
              customer,
              lines: [
                {
                  merchantId: a,
                  items: [{ description: 'x', quantity: 0, amountCents: -1 }],
                  services: [{ type: 'paint', plannedDate: '2026-02-30' }],
                },
              ],
            }),
            ['lines.0.items.0.quantity', 'lines.0.items.0.amountCents', 'lines.0.services.0.type', 'lines.0.services.0.plannedDate'],
          );
          expectProblem(
            await clerk.post('/purchases', {
              customer,
              lines: [{ merchantId: 'no-such-merchant', items: [{ description: 'x', quantity: 1, amountCents: 1 }] }],
            }),
            404,
          );
        },
      );
    });

    it('aPurchase_showsItsCustomerLinesCardsAndForms', async () => {
      const r = await clerk.get(`/purchases/${shared.purchaseId}`);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ purchaseId: shared.purchaseId, customer, cards: shared.cards });
      expect(r.body.lines).toHaveLength(2);
      expect(r.body.forms.map((f: any) => f.serial).sort()).toEqual(shared.forms.map((f: any) => f.serial).sort());
      const list = await clerk.get('/purchases');
      expect(list.status).toBe(200);
      expect(list.body.items.some((p: any) => p.purchaseId === shared.purchaseId)).toBe(true);
      expectProblem(await clerk.get('/purchases/no-such-purchase'), 404, 'PURCHASE_NOT_FOUND');
      expectInvalid(await clerk.get('/purchases?limit=0'), ['limit']);
    });

    it('aCard_showsItsMerchantCustomerGoodsAndServices_andPrints', async () => {
      const cardNo = shared.cards[0].cardNo;
      const r = await clerk.get(`/cards/${cardNo}`);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        cardNo,
        purchaseId: shared.purchaseId,
        merchantId: a,
        customer,
        items: [{ description: '實木地板' }],
      });
      expect(r.body.services).toHaveLength(2);
      const pdf = await clerk.get(`/cards/${cardNo}/print.pdf`);
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toContain('application/pdf');
      expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
      expectProblem(await clerk.get('/cards/SC99999999'), 404, 'CARD_NOT_FOUND');
      expectProblem(await clerk.get('/cards/SC99999999/print.pdf'), 404, 'CARD_NOT_FOUND');
    });

    it('afterSalesService_underACard_answersTheNewForms_once', async () => {
      const cardNo = onlyA.cards[0].cardNo;
      const r = await postOnce(clerk, `/cards/${cardNo}/services`, { type: 'repair', plannedDate: addDays(today, 3), visits: 2 });
      expect(r.status).toBe(201);
      expect(r.body.forms).toHaveLength(2);
      for (const f of r.body.forms)
        expect(f).toMatchObject({
          serial: expect.any(String),
          verificationCode: expect.any(String),
          merchantId: a,
          serviceType: 'repair',
          plannedDate: addDays(today, 3),
        });
      const card = await clerk.get(`/cards/${cardNo}`);
      expect(card.body.services.filter((s: any) => s.type === 'repair')).toHaveLength(1); // the replay requested nothing more
      await expectUnchanged(
        () => clerk.get(`/cards/${cardNo}`),
        async () =>
          expectInvalid(await clerk.post(`/cards/${cardNo}/services`, { type: 'paint', plannedDate: 'soon', visits: 0 }), [
            'type',
            'plannedDate',
            'visits',
          ]),
      );
      expectProblem(await clerk.post('/cards/SC99999999/services', { type: 'repair', plannedDate: today }), 404, 'CARD_NOT_FOUND');
    });
  });

  describe('forms', () => {
    it('forms_listWithFilters_andShowOneWithItsTimeline', async () => {
      const list = await clerk.get(`/forms?merchantId=${a}&status=issued&period=${period}`);
      expect(list.status).toBe(200);
      expect(list.body.items.map((f: any) => f.serial)).toEqual(
        expect.arrayContaining([deliverA.serial, ...installA.map((f) => f.serial)]),
      );
      for (const f of list.body.items)
        expect(f).toMatchObject({
          serial: expect.any(String),
          purchaseId: expect.any(String),
          cardNo: expect.any(String),
          merchantId: a,
          serviceType: expect.any(String),
          visit: expect.any(Number),
          plannedDate: expect.any(String),
          dueDate: expect.any(String),
          status: 'issued',
          verificationCode: expect.any(String),
        });
      const page = await clerk.get(`/forms?limit=1`);
      expect(page.body).toEqual({ items: [expect.any(Object)], nextCursor: expect.any(String) });
      const next = await clerk.get(`/forms?limit=1&cursor=${page.body.nextCursor}`);
      expect(next.body.items[0].serial > page.body.items[0].serial).toBe(true);

      const one = await clerk.get(`/forms/${deliverA.serial.toLowerCase()}`);
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({
        serial: deliverA.serial,
        status: 'issued',
        verificationCode: deliverA.verificationCode,
        timeline: [{ type: 'FormIssued' }],
      });
      const pdf = await clerk.get(`/forms/${deliverA.serial}/print.pdf`);
      expect(pdf.headers.get('content-type')).toContain('application/pdf');
      expectProblem(await clerk.get('/forms/FD99999999'), 404, 'FORM_NOT_FOUND');
      expectProblem(await clerk.get('/forms/FD99999999/print.pdf'), 404, 'FORM_NOT_FOUND');
      for (const q of ['status=lost', 'period=2026-13', 'limit=0', 'limit=201', 'cursor=not-a-cursor'])
        expectInvalid(await clerk.get(`/forms?${q}`), [q.split('=')[0]]);
    });

    it('filingAReturnedForm_recordsItOnce_badFilingsChangeNothing_andAWrongCodeIsKeptForTheAdministration', async () => {
      await expectUnchanged(
        () => clerk.get(`/forms/${deliverA.serial}`),
        async () =>
          expectInvalid(await clerk.post(`/forms/${deliverA.serial}/return`, { rating: 'great', servicedOn: '2026-02-30' }), [
            'verificationCode',
            'rating',
            'staffId',
            'servicedOn',
          ]),
      );
      expectProblem(await fileForm(deliverA, { verificationCode: 'ZZZZZZZZ' }), 422, 'WRONG_VERIFICATION_CODE');
      expect((await clerk.get(`/forms/${deliverA.serial}`)).body).toMatchObject({ status: 'issued', wrongCodes: 1, filingLocked: false });
      const kept = await admin.get(`/wrong-verification-codes?serial=${deliverA.serial}`);
      expect(kept.body.items).toEqual([expect.objectContaining({ serial: deliverA.serial, merchantId: a, role: 'clerk' })]);
      const r = await postOnce(clerk, `/forms/${deliverA.serial}/return`, {
        verificationCode: deliverA.verificationCode,
        rating: 'unsatisfied',
        staffId: staffA,
        servicedOn: today,
        comment: PHONE_TEXT,
      });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        serial: deliverA.serial,
        status: 'filed',
        rating: 'unsatisfied',
        staffId: staffA,
        staffCertified: true,
        servicedOn: today,
        filedAt: expect.any(String),
      });
      const filed = await clerk.get(`/forms/${deliverA.serial}`);
      expect(filed.body.timeline.filter((e: any) => e.type === 'FormFiled')).toHaveLength(1);
      expect(filed.body.comment).toBe(PHONE_TEXT); // the desk reads the customer's comment as written
      expectProblem(await fileForm(deliverA), 409, 'FORM_ALREADY_FILED');
      expectProblem(await fileForm({ ...deliverA, serial: 'FD99999999' }), 404, 'FORM_NOT_FOUND');
      expect((await fileForm(measureB[0])).status).toBe(200);
    });

    it('voidingAForm_recordsItOnce', async () => {
      const form = installA[2];
      await expectUnchanged(
        () => clerk.get(`/forms/${form.serial}`),
        async () => expectInvalid(await clerk.post(`/forms/${form.serial}/void`, { reason: '  ' }), ['reason']),
      );
      const r = await postOnce(clerk, `/forms/${form.serial}/void`, { reason: `顧客取消安裝，${PHONE}` });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ serial: form.serial, status: 'voided' });
      expect((await clerk.get(`/forms/${form.serial}`)).body.timeline.filter((e: any) => e.type === 'FormVoided')).toHaveLength(1);
      expectProblem(await clerk.post(`/forms/${form.serial}/void`, { reason: 'again' }), 409, 'FORM_ALREADY_VOIDED');
      expectProblem(await clerk.post(`/forms/FD99999999/void`, { reason: 'r' }), 404, 'FORM_NOT_FOUND');
    });
  });

  // ---------------------------------------------------------------- callbacks, findings, opinions
  describe('callbacks and findings', () => {
    it('callbacks_listAndShowOne', async () => {
      callbackA = await openCallbackOf(deliverA.serial);
      callbackB = await openCallbackOf(measureB[0].serial);
      expect(callbackA).toMatchObject({
        id: expect.any(String),
        serial: deliverA.serial,
        merchantId: a,
        reason: 'unsatisfied',
        status: 'open',
        attempts: [],
      });
      const list = await clerk.get(`/callbacks?status=open&merchantId=${a}`);
      expect(list.status).toBe(200);
      expect(list.body.items.map((c: any) => c.id)).toContain(callbackA.id);
      expect((await clerk.get(`/callbacks/${callbackA.id}`)).body).toMatchObject({ id: callbackA.id, serial: deliverA.serial });
      expectProblem(await clerk.get('/callbacks/no-such-callback'), 404, 'CALLBACK_NOT_FOUND');
      expectInvalid(await clerk.get('/callbacks?status=pending'), ['status']);
    });

    it('aCallbackAttempt_isRecordedOnce', async () => {
      await expectUnchanged(
        () => clerk.get(`/callbacks/${callbackA.id}`),
        async () => {
          expectInvalid(await clerk.post(`/callbacks/${callbackA.id}/attempts`, { outcome: 'maybe', note: 'x'.repeat(2001) }), [
            'outcome',
            'note',
          ]);
          expectInvalid(await clerk.post(`/callbacks/${callbackA.id}/attempts`, { outcome: 'rating_disputed' }), ['reportedRating']);
        },
      );
      const r = await postOnce(clerk, `/callbacks/${callbackA.id}/attempts`, { outcome: 'confirmed', note: PHONE_TEXT });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({
        id: callbackA.id,
        status: 'closed',
        attempts: [{ outcome: 'confirmed', at: expect.any(String), note: PHONE_TEXT }],
      });
      expect((await clerk.get(`/callbacks/${callbackA.id}`)).body.attempts).toHaveLength(1);
      expectProblem(await clerk.post(`/callbacks/${callbackA.id}/attempts`, { outcome: 'confirmed' }), 409, 'CALLBACK_CLOSED');
      expectProblem(await clerk.post('/callbacks/no-such-callback/attempts', { outcome: 'confirmed' }), 404, 'CALLBACK_NOT_FOUND');
    });

    it('aFinding_isRecordedOnce_andOpensAPenaltyCase', async () => {
      const before = (await clerk.get(`/findings?merchantId=${a}`)).body.items.length;
      const r = await postOnce(clerk, '/findings', {
        merchantId: a,
        kind: 'service_without_form',
        servicedOn: today,
        purchaseId: onlyA.purchaseId,
        note: PHONE_TEXT,
      });
      expect(r.status).toBe(201);
      expect(r.body).toEqual({ id: expect.any(String) });
      findingA = r.body.id;
      const list = await clerk.get(`/findings?merchantId=${a}`);
      expect(list.body.items).toHaveLength(before + 1);
      expect(list.body.items[0]).toMatchObject({
        id: findingA,
        merchantId: a,
        kind: 'service_without_form',
        servicedOn: today,
        note: PHONE_TEXT,
      });
      await expectUnchanged(
        () => clerk.get('/findings'),
        async () => {
          expectInvalid(await clerk.post('/findings', { merchantId: '', kind: 'rumour', note: ' ' }), ['merchantId', 'kind', 'note']);
          expectProblem(
            await clerk.post('/findings', { merchantId: 'no-such-merchant', kind: 'service_without_form', note: 'n' }),
            422,
            'UNKNOWN_MERCHANT',
          );
        },
      );
      const fB = await clerk.post('/findings', { merchantId: b, kind: 'service_without_form', note: '巡查發現' });
      caseA = await caseOfFinding(findingA);
      caseB = await caseOfFinding(fB.body.id);
    });

    it('opinions_registerListAndSummarise', async () => {
      const r = await postOnce(clerk, '/opinions', { channel: 'hotline', category: '送貨延誤', merchantId: a, text: PHONE_TEXT });
      expect(r.status).toBe(201);
      expect(r.body).toEqual({ id: expect.any(String) });
      await clerk.post('/opinions', { channel: 'visit', category: '態度', merchantId: b, text: '態度不好' });
      await clerk.post('/opinions', { channel: 'mailbox', category: '環境', text: '停車難' });
      const list = await clerk.get(`/opinions?period=${period}`);
      expect(list.status).toBe(200);
      expect(list.body.items.filter((o: any) => o.id === r.body.id)).toEqual([
        expect.objectContaining({ channel: 'hotline', category: '送貨延誤', merchantId: a, text: PHONE_TEXT }),
      ]);
      const summary = await admin.get(`/opinions/summary?period=${period}`);
      expect(summary.status).toBe(200);
      expect(summary.body).toMatchObject({ period, total: 3 });
      expect(summary.body.byCategory).toEqual(expect.arrayContaining([{ category: '送貨延誤', count: 1 }]));
      expect(summary.body.byMerchant).toEqual(
        expect.arrayContaining([
          { merchantId: a, count: 1 },
          { merchantId: null, count: 1 },
        ]),
      );
      await expectUnchanged(
        () => clerk.get('/opinions'),
        async () =>
          expectInvalid(await clerk.post('/opinions', { channel: 'pigeon', category: '', text: '' }), ['channel', 'category', 'text']),
      );
      expectInvalid(await clerk.get('/opinions/summary'), ['period']);
      expectInvalid(await clerk.get('/opinions?period=2026-1'), ['period']);
      expectInvalid(await clerk.get('/findings?limit=500'), ['limit']);
    });
  });

  // ---------------------------------------------------------------- scores and penalty cases
  describe('scores and penalty cases', () => {
    it('aMerchantsScorecard_hasTheDocumentedFigures', async () => {
      const r = await clerk.get(`/merchants/${a}/scores?period=${period}`);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        merchantId: a,
        period,
        formsIssued: expect.any(Number),
        formsDue: expect.any(Number),
        formsFiled: expect.any(Number),
        qualified: expect.any(Number),
        unqualified: expect.any(Number),
        violations: expect.any(Array),
      });
      for (const k of ['score', 'satisfactionRate', 'returnRate']) expect(r.body[k] === null || typeof r.body[k] === 'number').toBe(true);
      const trend = await clerk.get(`/merchants/${a}/scores/trend?to=${period}`);
      expect(trend.body.items).toHaveLength(12);
      const all = await admin.get(`/scores?period=${period}`);
      expect(all.status).toBe(200);
      expect(all.body.items.map((s: any) => s.merchantId)).toEqual(expect.arrayContaining([a, b]));
      expectInvalid(await clerk.get(`/merchants/${a}/scores?period=2026-13`), ['period']);
      expectInvalid(await clerk.get(`/merchants/${a}/scores/trend?to=last-year`), ['to']);
      // scoring learns of merchants by events: one it has not heard of reads as no data, not 404 (docs/scoring.md)
      expect((await clerk.get(`/merchants/no-such-merchant/scores?period=${period}`)).body).toMatchObject({ score: null, formsIssued: 0 });
      expectInvalid(await admin.get('/scores?period=soon'), ['period']);
    });

    it('penaltyCases_listAndShowOneWithEvidence', async () => {
      expect(caseA).toMatchObject({
        id: expect.any(String),
        merchantId: a,
        kind: 'service_without_form',
        period,
        status: 'open',
        appealDeadline: expect.any(String),
      });
      const list = await clerk.get(`/penalty-cases?status=open&merchantId=${a}`);
      expect(list.body.items.map((c: any) => c.id)).toContain(caseA.id);
      const one = await clerk.get(`/penalty-cases/${caseA.id}`);
      expect(one.body).toMatchObject({ id: caseA.id, timeline: [{ type: 'FindingRecorded' }] });
      expectProblem(await clerk.get('/penalty-cases/PC-000000000000'), 404, 'CASE_NOT_FOUND');
      expectInvalid(await clerk.get('/penalty-cases?status=closed'), ['status']);
    });

    it('anAppeal_isRecordedOnce_andOnlyByTheMerchantTheCaseIsAgainst', async () => {
      await expectUnchanged(
        () => clerk.get(`/penalty-cases/${caseA.id}`),
        async () => {
          expectInvalid(await merchantA.post(`/penalty-cases/${caseA.id}/appeal`, { statement: ' ' }), ['statement']);
          expectProblem(await merchantB.post(`/penalty-cases/${caseA.id}/appeal`, { statement: '不是我們' }), 403, 'OTHER_MERCHANT');
        },
      );
      const r = await postOnce(merchantA, `/penalty-cases/${caseA.id}/appeal`, { statement: `顧客 ${PHONE} 說是他自己請人修的` });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ id: caseA.id, appeal: { statement: expect.any(String), submittedAt: expect.any(String) } });
      expectProblem(await merchantA.post(`/penalty-cases/${caseA.id}/appeal`, { statement: 'again' }), 409, 'APPEAL_ALREADY_SUBMITTED');
      expectProblem(await merchantA.post('/penalty-cases/PC-000000000000/appeal', { statement: 's' }), 404, 'CASE_NOT_FOUND');
    });

    it('aDecision_isRecordedOnce_andIsFinal', async () => {
      await expectUnchanged(
        () => clerk.get(`/penalty-cases/${caseA.id}`),
        async () => {
          expectInvalid(await admin.post(`/penalty-cases/${caseA.id}/decision`, { decision: 'maybe', reason: '', fineCents: -1 }), [
            'decision',
            'reason',
            'fineCents',
          ]);
          expectInvalid(await admin.post(`/penalty-cases/${caseA.id}/decision`, { decision: 'dismiss', reason: 'r', fineCents: 100 }), [
            'fineCents',
          ]);
        },
      );
      const r = await postOnce(admin, `/penalty-cases/${caseA.id}/decision`, {
        decision: 'uphold',
        reason: `已向顧客 ${PHONE} 核實`,
        fineCents: 50000,
      });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({
        id: caseA.id,
        status: 'decided',
        decision: { decision: 'uphold', reason: expect.any(String), fineCents: 50000 },
      });
      expectProblem(
        await admin.post(`/penalty-cases/${caseA.id}/decision`, { decision: 'dismiss', reason: 'r' }),
        422,
        'CASE_ALREADY_DECIDED',
      );
      expectProblem(
        await admin.post('/penalty-cases/PC-000000000000/decision', { decision: 'dismiss', reason: 'r' }),
        404,
        'CASE_NOT_FOUND',
      );
    });

    it('thePolicy_readsAndChanges', async () => {
      const before = await merchantA.get('/policy');
      expect(before.body).toMatchObject({
        returnDays: 7,
        callbackSampleRate: expect.any(Number),
        appealDays: 7,
        timeZone: 'Asia/Shanghai',
      });
      await expectUnchanged(
        () => clerk.get('/policy'),
        async () =>
          expectInvalid(await admin.put('/policy', { returnDays: -1, callbackSampleRate: 2, appealDays: 'x', timeZone: '+08:00' }), [
            'returnDays',
            'callbackSampleRate',
            'appealDays',
            'timeZone',
          ]),
      );
      const r = await admin.put('/policy', { returnDays: 7, callbackSampleRate: 0.2, appealDays: 10, timeZone: 'Asia/Shanghai' });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        version: before.body.version + 1,
        returnDays: 7,
        callbackSampleRate: 0.2,
        appealDays: 10,
        timeZone: 'Asia/Shanghai',
      });
    });

    it('rebuildingTheScores_answersWhatWasReplayed', async () => {
      const r = await postOnce(admin, '/admin/rebuild-scores', {});
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        events: expect.any(Number),
        merchants: expect.any(Number),
        cases: expect.any(Number),
        scores: expect.any(Number),
      });
    });
  });

  // ---------------------------------------------------------------- who may do what
  describe('tokens and roles', () => {
    interface Endpoint {
      method: Method;
      path: () => string;
      roles: Role[]; // the roles docs/api.md allows
      body?: () => object;
    }
    const endpoints = (): Endpoint[] => [
      { method: 'GET', path: () => '/auth/me', roles: ['clerk', 'merchant', 'admin'] },
      {
        method: 'POST',
        path: () => '/users',
        roles: ['admin'],
        body: () => ({ username: uniqueName('u'), password: 'long-enough-1', role: 'clerk' }),
      },
      { method: 'GET', path: () => '/users', roles: ['admin'] },
      { method: 'POST', path: () => '/auth/password', roles: ['clerk', 'merchant', 'admin'], body: () => ({}) },
      { method: 'POST', path: () => '/users/nobody-here/disable', roles: ['admin'], body: () => ({}) },
      { method: 'POST', path: () => '/users/nobody-here/enable', roles: ['admin'], body: () => ({}) },
      { method: 'POST', path: () => '/users/nobody-here/password', roles: ['admin'], body: () => ({ newPassword: 'long-enough-2' }) },
      { method: 'POST', path: () => '/users/nobody-here/unlock', roles: ['admin'], body: () => ({}) },
      { method: 'GET', path: () => '/audit', roles: ['admin'] },
      { method: 'POST', path: () => '/merchants', roles: ['admin'], body: () => ({ name: 'n', stall: 's', category: 'c' }) },
      { method: 'GET', path: () => '/merchants', roles: ['clerk', 'merchant', 'admin'] },
      { method: 'GET', path: () => `/merchants/${a}`, roles: ['clerk', 'merchant', 'admin'] },
      {
        method: 'POST',
        path: () => `/merchants/${a}/staff`,
        roles: ['clerk', 'admin'],
        body: () => ({ name: 'n', phone: '1234567', certificateNo: 'c', certificateValidUntil: today }),
      },
      { method: 'POST', path: () => `/merchants/${a}/staff/${staffA}/revoke`, roles: ['clerk', 'admin'], body: () => ({ reason: 'r' }) },
      { method: 'GET', path: () => `/merchants/${a}/staff`, roles: ['clerk', 'merchant', 'admin'] },
      {
        method: 'POST',
        path: () => '/purchases',
        roles: ['clerk'],
        body: () => ({
          customer: { name: 'n', phone: '1234567', address: 'a' },
          lines: [{ merchantId: a, items: [{ description: 'd', quantity: 1, amountCents: 1 }] }],
        }),
      },
      { method: 'GET', path: () => '/purchases', roles: ['clerk', 'merchant', 'admin'] },
      { method: 'GET', path: () => `/purchases/${onlyA.purchaseId}`, roles: ['clerk', 'merchant', 'admin'] },
      { method: 'GET', path: () => `/cards/${onlyA.cards[0].cardNo}`, roles: ['clerk', 'merchant', 'admin'] },
      { method: 'GET', path: () => `/cards/${onlyA.cards[0].cardNo}/print.pdf`, roles: ['clerk', 'admin'] },
      {
        method: 'POST',
        path: () => `/cards/${onlyA.cards[0].cardNo}/services`,
        roles: ['clerk'],
        body: () => ({ type: 'repair', plannedDate: today }),
      },
      { method: 'GET', path: () => '/forms', roles: ['clerk', 'merchant', 'admin'] },
      { method: 'GET', path: () => `/forms/${installA[0].serial}`, roles: ['clerk', 'merchant', 'admin'] },
      { method: 'GET', path: () => `/forms/${installA[0].serial}/print.pdf`, roles: ['clerk', 'admin'] },
      {
        method: 'POST',
        path: () => `/forms/${installA[0].serial}/return`,
        roles: ['clerk', 'admin'],
        body: () => ({ verificationCode: installA[0].verificationCode, rating: 'satisfied', staffId: staffA, servicedOn: today }),
      },
      { method: 'POST', path: () => `/forms/${installA[0].serial}/void`, roles: ['clerk'], body: () => ({ reason: 'r' }) },
      { method: 'GET', path: () => '/wrong-verification-codes', roles: ['admin'] },
      { method: 'GET', path: () => '/callbacks', roles: ['clerk', 'merchant', 'admin'] },
      { method: 'GET', path: () => `/callbacks/${callbackA.id}`, roles: ['clerk', 'merchant', 'admin'] },
      { method: 'POST', path: () => `/callbacks/${callbackB.id}/attempts`, roles: ['clerk'], body: () => ({ outcome: 'confirmed' }) },
      {
        method: 'POST',
        path: () => '/findings',
        roles: ['clerk'],
        body: () => ({ merchantId: a, kind: 'service_without_form', note: 'n' }),
      },
      { method: 'GET', path: () => '/findings', roles: ['clerk', 'merchant', 'admin'] },
      { method: 'POST', path: () => '/opinions', roles: ['clerk'], body: () => ({ channel: 'visit', category: 'c', text: 't' }) },
      { method: 'GET', path: () => `/opinions?period=${period}`, roles: ['clerk', 'merchant', 'admin'] },
      { method: 'GET', path: () => `/opinions/summary?period=${period}`, roles: ['clerk', 'admin'] },
      { method: 'GET', path: () => `/merchants/${a}/scores`, roles: ['clerk', 'merchant', 'admin'] },
      { method: 'GET', path: () => `/merchants/${a}/scores/trend`, roles: ['clerk', 'merchant', 'admin'] },
      { method: 'GET', path: () => '/scores', roles: ['admin'] },
      { method: 'GET', path: () => '/penalty-cases', roles: ['clerk', 'merchant', 'admin'] },
      { method: 'GET', path: () => `/penalty-cases/${caseA.id}`, roles: ['clerk', 'merchant', 'admin'] },
      { method: 'POST', path: () => `/penalty-cases/${caseB.id}/appeal`, roles: ['merchant'], body: () => ({ statement: 's' }) },
      {
        method: 'POST',
        path: () => `/penalty-cases/${caseB.id}/decision`,
        roles: ['admin'],
        body: () => ({ decision: 'dismiss', reason: 'r' }),
      },
      { method: 'GET', path: () => '/policy', roles: ['clerk', 'merchant', 'admin'] },
      {
        method: 'PUT',
        path: () => '/policy',
        roles: ['admin'],
        body: () => ({ returnDays: 7, callbackSampleRate: 0.2, appealDays: 7, timeZone: 'Asia/Shanghai' }),
      },
      { method: 'POST', path: () => '/admin/rebuild-scores', roles: ['admin'], body: () => ({}) },
      { method: 'GET', path: () => '/_test/clock', roles: ['clerk', 'merchant', 'admin'] },
      { method: 'POST', path: () => '/_test/clock', roles: ['admin'], body: () => ({ advanceDays: 0 }) },
    ];

    const send = (client: Api, e: Endpoint) =>
      e.method === 'GET' ? client.get(e.path()) : e.method === 'PUT' ? client.put(e.path(), e.body?.()) : client.post(e.path(), e.body?.());

    /** Runs `check` on every endpoint and reports every one that fails, not just the first. */
    async function everyEndpoint(check: (e: Endpoint) => Promise<void>) {
      const failures: string[] = [];
      for (const e of endpoints())
        await check(e).catch((err) => failures.push(`${e.method} ${e.path()}: ${String(err.message ?? err).slice(0, 600)}`));
      expect(failures).toEqual([]);
    }

    it('everyEndpoint_withoutAToken_is401', async () => {
      await everyEndpoint(async (e) => expectProblem(await send(sys.anonymous(), e), 401, 'UNAUTHORIZED'));
    });

    it('everyEndpoint_withABadOrForgedOrExpiredToken_is401', async () => {
      const [head, payload, sig] = tokens.clerk!.split('.');
      const promoted = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'admin' })).toString(
        'base64url',
      );
      const expired = signToken({ sub: 'someone', username: 'someone', role: 'admin' }, -60, undefined, 'session');
      await everyEndpoint(async (e) => {
        expectProblem(await send(sys.anonymous().as('not-a-token'), e), 401, 'BAD_TOKEN');
        expectProblem(await send(sys.anonymous().as(`${head}.${promoted}.${sig}`), e), 401, 'BAD_TOKEN');
        expectProblem(await send(sys.anonymous().as(`${head}.${payload}.${sig.slice(0, -2)}xx`), e), 401, 'BAD_TOKEN');
        expectProblem(await send(sys.anonymous().as(expired), e), 401, 'TOKEN_EXPIRED');
      });
    });

    it('everyEndpoint_refusesTheRolesApiMdDoesNotAllow_with403_andChangesNothing', async () => {
      const formBefore = (await clerk.get(`/forms/${installA[0].serial}`)).body;
      await everyEndpoint(async (e) => {
        for (const role of (['clerk', 'merchant', 'admin'] as Role[]).filter((r) => !e.roles.includes(r)))
          expectProblem(await send(api(role), e), 403, 'FORBIDDEN');
      });
      expect((await clerk.get(`/forms/${installA[0].serial}`)).body).toEqual(formBefore);
      expect((await clerk.get(`/penalty-cases/${caseB.id}`)).body).toMatchObject({ status: 'open' });
      expect((await clerk.get(`/penalty-cases/${caseB.id}`)).body.appeal).toBeUndefined();
      expect((await clerk.get(`/callbacks/${callbackB.id}`)).body.attempts).toEqual([]);
    });
  });

  // ---------------------------------------------------------------- merchant scope
  describe('a merchant and another merchant’s data', () => {
    it('aMerchant_cannotReadAnotherMerchantsData_onAnyEndpoint', async () => {
      const foreign = [
        `/merchants/${a}`,
        `/merchants/${a}/staff`,
        `/purchases?merchantId=${a}`,
        `/purchases/${onlyA.purchaseId}`,
        `/cards/${onlyA.cards[0].cardNo}`,
        `/forms?merchantId=${a}`,
        `/forms/${deliverA.serial}`,
        `/callbacks?merchantId=${a}`,
        `/callbacks/${callbackA.id}`,
        `/findings?merchantId=${a}`,
        `/opinions?merchantId=${a}`,
        `/merchants/${a}/scores`,
        `/merchants/${a}/scores/trend`,
        `/penalty-cases?merchantId=${a}`,
        `/penalty-cases/${caseA.id}`,
      ];
      const failures: string[] = [];
      for (const path of foreign) {
        const r = await merchantB.get(path);
        if (r.status !== 403 || r.body.code !== 'OTHER_MERCHANT') failures.push(`${path}: ${r.status} ${raw(r).slice(0, 300)}`);
      }
      expect(failures).toEqual([]);
    });

    it('aMerchantsLists_holdOnlyItsOwnData', async () => {
      const lists = ['/merchants', '/purchases', '/forms', '/callbacks', '/findings', `/opinions`, '/penalty-cases'];
      for (const path of lists) {
        const r = await merchantB.get(path);
        expect({ path, status: r.status }).toEqual({ path, status: 200 });
        expect({ path, nonEmpty: r.body.items.length > 0 }).toEqual({ path, nonEmpty: true });
        const owners = r.body.items.map((x: any) => x.merchantId ?? (x.lines ? x.lines.map((l: any) => l.merchantId) : x.id)).flat();
        expect({ path, owners: [...new Set(owners)] }).toEqual({ path, owners: [b] });
      }
      const purchase = await merchantB.get(`/purchases/${shared.purchaseId}`);
      expect(purchase.body.cards).toEqual([shared.cards[1]]);
      expect(purchase.body.forms.every((f: any) => f.merchantId === b)).toBe(true);
    });

    it('aMerchant_cannotChangeAnotherMerchantsData', async () => {
      // the only change a merchant may make is an appeal of its own case (refused for A's above);
      // every other change needs the desk's or the administration's role
      const caseBefore = (await clerk.get(`/penalty-cases/${caseB.id}`)).body;
      expectProblem(await merchantA.post(`/penalty-cases/${caseB.id}/appeal`, { statement: '不是我們' }), 403, 'OTHER_MERCHANT');
      expectProblem(await merchantA.post(`/merchants/${b}/staff/${staffB}/revoke`, { reason: 'r' }), 403);
      expectProblem(await merchantA.post(`/forms/${measureB[1].serial}/void`, { reason: 'r' }), 403);
      expect((await clerk.get(`/penalty-cases/${caseB.id}`)).body).toEqual(caseBefore);
      expect((await clerk.get(`/merchants/${b}/staff`)).body.items.find((s: any) => s.id === staffB).certificateStatus).toBe('valid');
    });

    it('aMerchant_seesPhoneNumbersMasked_everywhere_includingFreeText', async () => {
      // every answer to a merchant in this suite is checked (watched()); these are the places a phone hides
      const seen = [
        await merchantA.get(`/purchases/${shared.purchaseId}`),
        await merchantA.get(`/cards/${shared.cards[0].cardNo}`),
        await merchantA.get(`/merchants/${a}/staff`),
        await merchantA.get(`/forms/${deliverA.serial}`),
        await merchantA.get(`/forms/${installA[2].serial}`),
        await merchantA.get(`/forms?merchantId=${a}`),
        await merchantA.get(`/callbacks/${callbackA.id}`),
        await merchantA.get('/findings'),
        await merchantA.get('/opinions'),
        await merchantA.get(`/penalty-cases/${caseA.id}`),
        await merchantA.get('/penalty-cases'),
      ];
      expect(seen.map((r) => r.status)).toEqual(seen.map(() => 200));
      expect((await merchantA.get(`/cards/${shared.cards[0].cardNo}`)).body.customer.phone).toBe('138****5678');
      expect((await merchantA.get(`/forms/${deliverA.serial}`)).body.comment).toContain('138****5678');
      expect((await merchantA.get('/findings')).body.items[0].note).toContain('138****5678');
      // the desk sees them whole
      expect((await clerk.get(`/cards/${shared.cards[0].cardNo}`)).body.customer.phone).toBe(PHONE);
      expect((await clerk.get(`/penalty-cases/${caseA.id}`)).body.timeline[0].data.note).toBe(PHONE_TEXT);
    });

    it('verificationCodes_areShownToClerksAndAdmins_only', async () => {
      for (const who of [clerk, admin]) {
        expect((await who.get(`/forms/${installA[0].serial}`)).body.verificationCode).toBe(installA[0].verificationCode);
        expect(
          (await who.get(`/purchases/${shared.purchaseId}`)).body.forms.every((f: any) => typeof f.verificationCode === 'string'),
        ).toBe(true);
      }
      const own = await merchantA.get(`/forms/${installA[0].serial}`);
      expect(own.status).toBe(200);
      expect(raw(own)).not.toContain(installA[0].verificationCode);
    });
  });

  // ---------------------------------------------------------------- requests no client should send
  describe('odd requests get clean problems', () => {
    const rawRequest = (opts: {
      method?: string;
      path: string;
      token?: string;
      headers?: Record<string, string>;
      body?: Buffer | string;
    }) =>
      new Promise<{ status: number; contentType: string; text: string }>((resolve, reject) => {
        const u = new URL(sys.url);
        const req = http.request(
          {
            host: u.hostname,
            port: u.port,
            method: opts.method ?? 'GET',
            path: opts.path,
            headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...opts.headers },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (c) => (text += c));
            res.on('end', () => resolve({ status: res.statusCode!, contentType: String(res.headers['content-type'] ?? ''), text }));
          },
        );
        req.on('error', reject);
        req.end(opts.body);
      });
    const asAnswer = (r: { status: number; contentType: string; text: string }): HttpAnswer => ({
      status: r.status,
      headers: new Headers({ 'content-type': r.contentType }),
      body: r.contentType.includes('json') ? JSON.parse(r.text) : r.text,
      bytes: Buffer.from(r.text),
    });
    const post = (
      path: string,
      body: string | Buffer,
      headers: Record<string, string> = { 'content-type': 'application/json' },
      token = tokens.admin,
    ) => rawRequest({ method: 'POST', path: `/api/v1${path}`, token, headers, body }).then(asAnswer);

    it('malformedJson_is400', async () => {
      await expectUnchanged(
        () => admin.get('/merchants'),
        async () => {
          expectProblem(await post('/merchants', '{"name": "n", '), 400, 'MALFORMED_REQUEST');
          expectProblem(await post('/users', '{"username":'), 400, 'MALFORMED_REQUEST');
          expectProblem(await post('/merchants', 'null'), 400);
          expectProblem(await post('/merchants', '[1,2]'), 400);
          expectProblem(await post('/merchants', `${'['.repeat(40_000)}${']'.repeat(40_000)}`), 400); // deep, yet under 100kb
          expectProblem(await post('/merchants', `${'{"a":'.repeat(15_000)}1${'}'.repeat(15_000)}`), 400);
        },
      );
    });

    it('aHugeBody_is413', async () => {
      const big = JSON.stringify({ name: 'x'.repeat(300_000), stall: 's', category: 'c' });
      await expectUnchanged(
        () => admin.get('/merchants'),
        async () => {
          expectProblem(await post('/merchants', big), 413);
          expectProblem(await post('/auth/login', big, { 'content-type': 'application/json' }, undefined), 413);
        },
      );
    });

    it('aBodyThatIsNotJson_is415', async () => {
      await expectUnchanged(
        () => admin.get('/merchants'),
        async () => {
          expectProblem(await post('/merchants', '{"name":"n","stall":"s","category":"c"}', { 'content-type': 'text/plain' }), 415);
          expectProblem(
            await post('/merchants', 'name=n&stall=s&category=c', { 'content-type': 'application/x-www-form-urlencoded' }),
            415,
          );
          expectProblem(
            await post('/merchants', '{"name":"n","stall":"s","category":"c"}', { 'content-type': 'application/json; charset=latin1' }),
            415,
          );
          expectProblem(
            await post('/merchants', 'not gzip at all', { 'content-type': 'application/json', 'content-encoding': 'gzip' }),
            400,
          );
        },
      );
    });

    it('aPostWithoutABody_isReadAsAnEmptyOne', async () => {
      // what a browser sends for a POST that needs no body: Content-Length 0 and no Content-Type
      const r = asAnswer(
        await rawRequest({ method: 'POST', path: '/api/v1/admin/rebuild-scores', token: tokens.admin, headers: { 'content-length': '0' } }),
      );
      expect(r.status).toBe(200);
      expectInvalid(
        asAnswer(await rawRequest({ method: 'POST', path: '/api/v1/merchants', token: tokens.admin, headers: { 'content-length': '0' } })),
        ['name'],
      );
    });

    it('textThatNoDatabaseCanStore_is400NamingTheField', async () => {
      await expectUnchanged(
        () => admin.get('/merchants'),
        async () => {
          expectInvalid(await admin.post('/merchants', { name: 'a\u0000b', stall: 's', category: 'c' }), ['name']);
          expectInvalid(await post('/merchants', '{"name":"a\\ud800b","stall":"s","category":"c"}'), ['name']);
        },
      );
      expectInvalid(
        await clerk.post('/purchases', {
          customer: { name: 'n', phone: '1234567', address: 'a' },
          lines: [{ merchantId: a, items: [{ description: 'x\u0000', quantity: 1, amountCents: 1 }] }],
        }),
        ['lines.0.items.0.description'],
      );
      expectInvalid(await clerk.get('/forms?merchantId=%00'), ['merchantId']);
      expectProblem(await sys.anonymous().post('/auth/login', { username: 'admin\u0000', password: 'x' }), 400);
    });

    it('idsThatCannotExist_are404_orA400ForABrokenAddress', async () => {
      for (const path of [
        '/forms/%00',
        '/callbacks/%00',
        '/purchases/%00',
        '/penalty-cases/%00',
        `/merchants/%00`,
        '/merchants/%00/scores',
        '/cards/%00',
        '/forms/FD%2F..%2F..',
      ])
        expectProblem(await clerk.get(path), 404);
      expectProblem(await clerk.post('/forms/%00/void', { reason: 'r' }), 404);
      expectProblem(await clerk.get('/forms/%ff'), 400);
    });

    it('dotSegments_neverReachWhatIsBehindTheEntryPoint', async () => {
      for (const path of [
        '/api/v1/forms/../../../metrics',
        '/api/v1/forms/../../../health',
        '/api/v1/forms/%2e%2e/%2e%2e/%2e%2e/metrics',
        '/api/v1/merchants/%2E%2E/forms',
        '/api/v1/merchants/./forms',
      ]) {
        const r = asAnswer(await rawRequest({ path, token: tokens.merchantB }));
        expect({ path, status: r.status }).toEqual({ path, status: 404 });
        expectProblem(r, 404);
      }
    });

    it('forgedCursors_are400NamingTheCursor', async () => {
      const cursor = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
      for (const c of [
        cursor({ at: '1', id: 'x' }),
        cursor({ at: '0000-01-01T00:00:00Z', id: 'x' }),
        cursor({ at: new Date().toISOString(), id: 'x\u0000' }),
      ])
        for (const path of ['/callbacks', '/findings', '/opinions']) expectInvalid(await clerk.get(`${path}?cursor=${c}`), ['cursor']);
      for (const c of [cursor(['1', 'x']), cursor(['0000-01-01T00:00:00Z', 'x']), cursor([new Date().toISOString(), 'x\u0000'])])
        for (const path of ['/purchases', '/penalty-cases']) expectInvalid(await clerk.get(`${path}?cursor=${c}`), ['cursor']);
      // the administration's list of wrong codes: its rows' ids are event ids, so any other id is forged too
      for (const c of [cursor(['1', 'x']), cursor([new Date().toISOString(), 'not-an-event-id'])])
        expectInvalid(await admin.get(`/wrong-verification-codes?cursor=${c}`), ['cursor']);
    });

    it('aBadIdempotencyKey_is400_andRegistersNothing', async () => {
      await expectUnchanged(
        () => admin.get('/merchants'),
        async () => {
          expectInvalid(await admin.post('/merchants', { name: 'n', stall: 's', category: 'c' }, { 'idempotency-key': 'k'.repeat(300) }), [
            'Idempotency-Key',
          ]);
          expectInvalid(await admin.post('/merchants', { name: 'n', stall: 's', category: 'c' }, { 'idempotency-key': '' }), [
            'Idempotency-Key',
          ]);
        },
      );
    });

    it('unknownPathsAndMethods_are404', async () => {
      expectProblem(await clerk.get('/no-such-thing'), 404);
      expectProblem(
        asAnswer(await rawRequest({ method: 'DELETE', path: `/api/v1/forms/${installA[0].serial}`, token: tokens.admin })),
        404,
      );
    });
  });

  // ---------------------------------------------------------------- test clock (last: it moves time for everyone)
  describe('the test clock', () => {
    it('readsNow_andMovesForwardOnce_perIdempotencyKey_neverBackwards', async () => {
      const before = new Date((await merchantA.get('/_test/clock')).body.now).getTime();
      expectInvalid(await admin.post('/_test/clock', { advanceDays: -1 }), ['advanceDays']);
      expectInvalid(await admin.post('/_test/clock', {}), ['advanceDays']);
      expectProblem(await admin.post('/_test/clock', { now: '2020-01-01T00:00:00.000Z' }), 422, 'CLOCK_BACKWARDS');
      const r = await postOnce(admin, '/_test/clock', { advanceDays: 1 });
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ now: expect.any(String) });
      const after = new Date((await clerk.get('/_test/clock')).body.now).getTime();
      expect(after - before).toBeGreaterThanOrEqual(86_400_000);
      expect(after - before).toBeLessThan(2 * 86_400_000); // the replay did not move it again
      const moved = await admin.post('/_test/clock', { now: new Date(after + 3_600_000).toISOString() });
      expect(moved.status).toBe(200);
    });

    it('everyMove_isInTheAuditLog_withWhoMovedIt_andARefusedMoveIsNot', async () => {
      const moves = (await admin.get('/audit?limit=200')).body.items.filter((e: { type: string }) => e.type === 'TestClockMoved');
      // the day forward (its replay moved nothing again) and the hour forward, newest first
      expect(moves).toHaveLength(2);
      expect(moves.every((m: { by: string }) => m.by === 'admin')).toBe(true);
      const [hour, day] = moves;
      expect(new Date(hour.data.to).getTime() - new Date(hour.data.from).getTime()).toBeGreaterThan(3_500_000); // an hour ahead of a reading a moment earlier
      expect(new Date(day.data.to).getTime() - new Date(day.data.from).getTime()).toBe(86_400_000);
      expect(moves.some((m: { data: { to: string } }) => m.data.to.startsWith('2020-'))).toBe(false);
    });
  });
});
