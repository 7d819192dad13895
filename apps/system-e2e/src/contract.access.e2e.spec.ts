import { probe, testToken, uniqueName } from '@fd/platform/testing';
import { seedRecords } from './support/contract-records';
import { Api, E2eSystem } from './support/system';
import {
  ContractDesk,
  expectInvalid,
  expectProblem,
  expectUnchanged,
  openContractDesk,
  PHONE,
  PHONE_TEXT,
  postOnce,
  raw,
  Role,
} from './support/contract';

/**
 * The public HTTP contract of docs/api.md, checked from outside through the entry point only:
 * who may do what. Signing in and accounts; every endpoint without a token, with a bad, forged
 * or expired one, and with each role docs/api.md does not allow; a merchant and another
 * merchant's data (reads, lists, changes), phone numbers masked for merchants everywhere and
 * verification codes shown to the desk only. The records these tests read and try to change
 * are those contract.records.e2e.spec.ts makes, made again before them by
 * support/contract-records.ts.
 */

type Method = 'GET' | 'POST' | 'PUT';

describe('the public HTTP contract (docs/api.md), through the entry point', () => {
  let sys: E2eSystem;
  let admin: Api;
  let clerk: Api;
  let merchantA: Api;
  let merchantB: Api;
  let manager: Api;
  let tokens: ContractDesk['tokens'];
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
  let caseA: any;
  let caseB: any;

  const api = (role: Role) => ({ admin, clerk, merchant: merchantA, manager })[role];

  beforeAll(async () => {
    const desk = await openContractDesk();
    ({ sys, admin, clerk, merchantA, merchantB, manager, tokens, a, b, staffA, staffB, today, period } = desk);
    ({ shared, onlyA, deliverA, installA, measureB, callbackA, callbackB, caseA, caseB } = await seedRecords(desk));
  });
  afterAll(async () => sys?.stop());

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

  // ---------------------------------------------------------------- who may do what
  describe('tokens and roles', () => {
    interface Endpoint {
      method: Method;
      path: () => string;
      roles: Role[]; // the roles docs/api.md allows (and the manager on every GET the admin may make: see allowed)
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
      { method: 'POST', path: () => '/auth/password', roles: ['clerk', 'merchant', 'admin', 'manager'], body: () => ({}) },
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
        roles: ['clerk', 'admin'],
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
        roles: ['clerk', 'admin'],
        body: () => ({ type: 'repair', plannedDate: today }),
      },
      { method: 'GET', path: () => '/forms', roles: ['clerk', 'merchant', 'admin'] },
      { method: 'GET', path: () => `/forms/${installA[0].serial}`, roles: ['clerk', 'merchant', 'admin'] },
      { method: 'GET', path: () => `/forms/${installA[0].serial}/print.pdf`, roles: ['clerk', 'admin'] },
      // a JSON body is no file: the roles allowed hear 415, the others 403
      { method: 'POST', path: () => `/forms/${installA[0].serial}/originals`, roles: ['clerk', 'admin'], body: () => ({}) },
      { method: 'GET', path: () => `/forms/${installA[0].serial}/originals`, roles: ['clerk', 'merchant', 'admin'] },
      {
        method: 'GET',
        path: () => `/forms/${installA[0].serial}/originals/00000000-0000-4000-8000-000000000000`,
        roles: ['clerk', 'merchant', 'admin'],
      },
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
      { method: 'POST', path: () => '/opinions', roles: ['clerk'], body: () => ({ channel: 'visit', category: 'other', text: 't' }) },
      { method: 'GET', path: () => `/opinions?period=${period}`, roles: ['clerk', 'merchant', 'admin'] },
      { method: 'GET', path: () => `/opinions/summary?period=${period}`, roles: ['clerk', 'admin'] },
      { method: 'GET', path: () => '/opinion-categories', roles: ['clerk', 'merchant', 'admin'] },
      {
        method: 'POST',
        path: () => '/opinion-categories',
        roles: ['admin'],
        body: () => ({ code: 'access_check', labels: { 'zh-Hant': '檢', 'zh-Hans': '检', en: 'Check' } }),
      },
      { method: 'POST', path: () => '/opinion-categories/access_check/retire', roles: ['admin'], body: () => ({}) },
      { method: 'GET', path: () => '/forms/export.csv', roles: ['clerk', 'merchant', 'admin'] },
      { method: 'GET', path: () => '/penalty-cases/export.csv', roles: ['clerk', 'merchant', 'admin'] },
      { method: 'GET', path: () => '/scores/export.csv', roles: ['admin'] },
      { method: 'GET', path: () => `/merchants/${a}/scores`, roles: ['clerk', 'merchant', 'admin'] },
      { method: 'GET', path: () => `/merchants/${a}/scores/trend`, roles: ['clerk', 'merchant', 'admin'] },
      { method: 'GET', path: () => '/scores', roles: ['admin'] },
      { method: 'GET', path: () => `/reports/monthly?period=${period}`, roles: ['admin'] },
      { method: 'GET', path: () => `/reports/monthly.pdf?period=${period}`, roles: ['admin'] },
      { method: 'GET', path: () => `/reports/monthly.csv?period=${period}`, roles: ['admin'] },
      { method: 'GET', path: () => `/reports/monthly/figures?period=${period}`, roles: ['admin'] },
      { method: 'GET', path: () => '/penalty-cases', roles: ['clerk', 'merchant', 'admin'] },
      { method: 'GET', path: () => `/penalty-cases/${caseA.id}`, roles: ['clerk', 'merchant', 'admin'] },
      { method: 'POST', path: () => `/penalty-cases/${caseB.id}/appeal`, roles: ['merchant'], body: () => ({ statement: 's' }) },
      { method: 'POST', path: () => `/penalty-cases/${caseB.id}/waiver`, roles: ['merchant'] },
      {
        method: 'POST',
        path: () => `/penalty-cases/${caseB.id}/fine-payment`,
        roles: ['admin'],
        body: () => ({ paidOn: today, receiptNo: 'R-1' }),
      },
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
      { method: 'POST', path: () => '/policy/what-if', roles: ['admin'], body: () => ({ appealDays: 7 }) },
      { method: 'POST', path: () => '/admin/rebuild-scores', roles: ['admin'], body: () => ({}) },
      { method: 'GET', path: () => '/corrective-actions', roles: ['admin', 'merchant'] },
      { method: 'GET', path: () => '/corrective-actions/CA-NOSUCHACTION', roles: ['admin', 'merchant'] },
      { method: 'POST', path: () => '/corrective-actions', roles: ['admin'], body: () => ({}) },
      { method: 'POST', path: () => '/corrective-actions/CA-NOSUCHACTION/answer', roles: ['merchant', 'admin'], body: () => ({}) },
      { method: 'POST', path: () => '/corrective-actions/CA-NOSUCHACTION/check', roles: ['admin'], body: () => ({}) },
      { method: 'POST', path: () => '/corrective-actions/CA-NOSUCHACTION/decision', roles: ['manager'], body: () => ({}) },
      { method: 'GET', path: () => '/_test/clock', roles: ['clerk', 'merchant', 'admin'] },
      { method: 'POST', path: () => '/_test/clock', roles: ['admin'], body: () => ({ advanceDays: 0 }) },
    ];

    /** docs/api.md#auth: the general manager reads whatever the administration reads, and writes only what names it. */
    const allowed = (e: Endpoint): Role[] => (e.method === 'GET' && e.roles.includes('admin') ? [...e.roles, 'manager'] : e.roles);

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
      const expired = testToken({ sub: 'someone', username: 'someone', role: 'admin' }, { ttlSeconds: -60, audience: 'session' });
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
        for (const role of (['clerk', 'merchant', 'admin', 'manager'] as Role[]).filter((r) => !allowed(e).includes(r)))
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
      // a callback says whom to call: the merchant reads the customer's number masked
      const calling = await probe(
        async () => (await merchantA.get(`/callbacks/${callbackA.id}`)).body,
        (c) => c.customer !== undefined,
        { what: "the callback's customer" },
      );
      expect(calling.customer).toEqual({ name: '王小明', phone: '138****5678', address: '上海市浦東新區世紀大道 100 號' });
      // the desk sees them whole
      expect((await clerk.get(`/callbacks/${callbackA.id}`)).body.customer.phone).toBe(PHONE);
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
});
