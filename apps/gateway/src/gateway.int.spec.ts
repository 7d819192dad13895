import { bootTestService, httpClient, uniqueName } from '@fd/platform/testing';
import { gatewayService } from './gateway.service-def';
import { IdempotencyKeys } from './proxy/idempotency';

describe('the gateway on its own (real PostgreSQL and Kafka)', () => {
  let gw: Awaited<ReturnType<typeof bootTestService>>;
  const adminPassword = 'bootstrap-admin-password';
  let adminToken: string;

  const api = () => httpClient(`${gw.url}/api/v1`);
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) => api().post(path, body, headers);
  const login = (username: string, password: string) => post('/auth/login', { username, password });

  beforeAll(async () => {
    process.env.BOOTSTRAP_ADMIN_PASSWORD = adminPassword;
    // nothing listens on these: the domain services are "down" for this suite
    for (const s of ['REGISTRATION', 'FORMS', 'CALLBACKS', 'SCORING']) process.env[`${s}_URL`] = 'http://127.0.0.1:9';
    gw = await bootTestService(gatewayService);
    adminToken = (await login('admin', adminPassword)).body.accessToken;
  });
  afterAll(async () => {
    delete process.env.BOOTSTRAP_ADMIN_PASSWORD;
    await gw?.stop();
  });

  it('theBootstrapAdmin_canSignIn_andGetsTheAdminRole', async () => {
    const r = await login('admin', adminPassword);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ role: 'admin', accessToken: expect.any(String) });
  });

  it('aMerchantAccount_isNotCreated_whileTheRegistryCannotConfirmItsMerchant', async () => {
    const username = uniqueName('m');
    const r = await post(
      '/users',
      { username, password: 'merchant-pass-1', role: 'merchant', merchantId: 'merchant-42' },
      { authorization: `Bearer ${adminToken}` },
    );
    expect(r.status).toBe(503);
    expect(r.body.code).toBe('SERVICE_UNAVAILABLE');
    expect((await login(username, 'merchant-pass-1')).status).toBe(401);
  });

  it('invalidAccounts_areRefusedWithTheBadFieldsNamed', async () => {
    const r = await post('/users', { username: 'x', password: 'short', role: 'merchant' }, { authorization: `Bearer ${adminToken}` });
    expect(r.status).toBe(400);
    const body = r.body;
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['merchantId', 'password', 'username']);
  });

  it('aClerk_cannotCreateAccounts', async () => {
    const clerk = uniqueName('c');
    await post('/users', { username: clerk, password: 'clerk-password-1', role: 'clerk' }, { authorization: `Bearer ${adminToken}` });
    const token = (await login(clerk, 'clerk-password-1')).body.accessToken;
    const r = await post(
      '/users',
      { username: uniqueName('x'), password: 'another-pass-1', role: 'admin' },
      { authorization: `Bearer ${token}` },
    );
    expect(r.status).toBe(403);
  });

  it('aRepeatedPostWithTheSameIdempotencyKey_createsOnce_andAnotherBodyIsAConflict', async () => {
    const username = uniqueName('i');
    const key = uniqueName('key');
    const body = { username, password: 'idem-password-1', role: 'clerk' };
    const headers = { authorization: `Bearer ${adminToken}`, 'idempotency-key': key };
    const first = await post('/users', body, headers);
    const again = await post('/users', body, headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    const other = await post('/users', { ...body, username: uniqueName('j') }, headers);
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const users = (await api().as(adminToken).get('/users')).body.items;
    expect(users.filter((u: { username: string }) => u.username === username)).toHaveLength(1);
  });

  it('answersKeptForIdempotencyKeys_areForgottenAfter24Hours_usedAgainOrNot', async () => {
    const keys = new IdempotencyKeys(gw.runtime.ds, gw.schema);
    const table = `"${gw.schema}".idempotency_keys`;
    await gw.runtime.ds.query(
      `INSERT INTO ${table} (key, request_hash, status, response, created_at) VALUES
         ('old', 'h', 201, '{"body":"13812345678"}', now() - interval '25 hours'),
         ('fresh', 'h', 201, '{}', now() - interval '23 hours')`,
    );
    expect(await keys.purgeExpired()).toBe(1);
    expect(
      (await gw.runtime.ds.query(`SELECT key FROM ${table} WHERE key IN ('old', 'fresh')`)).map((r: { key: string }) => r.key),
    ).toEqual(['fresh']);
  });

  it('withoutAToken_theApiAnswers401', async () => {
    const r = await api().get('/forms');
    expect(r.status).toBe(401);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
  });

  it('aServiceThatIsDown_isA503ProblemNamingIt', async () => {
    const r = await api().as(adminToken).get('/forms');
    expect(r.status).toBe(503);
    expect(r.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', detail: expect.stringContaining('forms') });
  });

  it('anUnknownPath_isA404Problem', async () => {
    const r = await api().as(adminToken).get('/nothing-here');
    expect(r.status).toBe(404);
    expect(r.body.code).toBe('NOT_FOUND');
  });

  it('theTestClock_doesNotExistOutsideTestMode', async () => {
    const r = await fetch(`${gw.url}/api/v1/_test/clock`, { headers: { authorization: `Bearer ${adminToken}` } });
    expect(r.status).toBe(404);
  });

  it('thePublicPort_servesNoMetricsAndNoHealthDetails_theManagementPortDoes', async () => {
    const metrics = await fetch(`${gw.url}/metrics`);
    expect(metrics.status).toBe(404);
    const health = await fetch(`${gw.url}/health`);
    expect(Object.keys((await health.json()) as object)).toEqual(['status']);
    expect((await fetch(`${gw.url}/health/ready`)).status).toBe((await fetch(`${gw.managementUrl}/health/ready`)).status);
    expect(await (await fetch(`${gw.managementUrl}/metrics`)).text()).toMatch(/http_requests_total|gateway_/);
    expect(await (await fetch(`${gw.managementUrl}/health`)).json()).toMatchObject({ service: 'gateway', checks: expect.any(Object) });
  });

  it('everyAnswer_carriesTheBrowserSecurityHeaders', async () => {
    for (const r of [await api().get('/openapi.json'), await api().get('/users'), await fetch(`${gw.url}/health`)]) {
      // the UI is our own files only; PDFs open from blob: URLs; no page may frame it
      expect(r.headers.get('content-security-policy')?.split(/;\s*/).sort()).toEqual([
        "base-uri 'self'",
        "connect-src 'self'",
        "default-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "frame-src 'self' blob:",
        "img-src 'self' data: blob:",
        "object-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
      ]);
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      expect(r.headers.get('referrer-policy')).toBe('no-referrer');
      expect(r.headers.get('permissions-policy')).toBe('camera=(self), microphone=(), geolocation=()');
      expect(r.headers.get('x-powered-by')).toBeNull();
      expect(r.headers.get('strict-transport-security')).toBeNull(); // the ingress's, where TLS ends
    }
  });

  it('theOpenApiDocument_isPublic_andListsTheContract', async () => {
    const doc = (await api().get('/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/purchases', '/api/v1/forms/{serial}/return', '/api/v1/penalty-cases/{caseId}/decision']),
    );
  });
});
