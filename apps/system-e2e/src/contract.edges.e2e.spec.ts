import http from 'node:http';
import { HttpAnswer } from '@fd/platform/testing';
import { registerPurchases } from './support/contract-records';
import { Api, E2eSystem } from './support/system';
import { ContractDesk, expectInvalid, expectProblem, expectUnchanged, openContractDesk, postOnce } from './support/contract';

/**
 * The public HTTP contract of docs/api.md, checked from outside through the entry point only:
 * its edges. /health and the OpenAPI document; requests no client should send (malformed, huge,
 * odd content types, text no database can store, path tricks, forged cursors and keys), which
 * must still get a clean problem, never a 500 or a stack trace; and the test clock, last, since
 * it moves time for everyone.
 */

describe('the public HTTP contract (docs/api.md), through the entry point', () => {
  let sys: E2eSystem;
  let admin: Api;
  let clerk: Api;
  let merchantA: Api;
  let tokens: ContractDesk['tokens'];
  let a: string;
  let installA: any[];

  beforeAll(async () => {
    const desk = await openContractDesk();
    ({ sys, admin, clerk, merchantA, tokens, a } = desk);
    ({ installA } = await registerPurchases(desk));
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
