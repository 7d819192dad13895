import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { bootTestService } from '@fd/platform/testing';
import { gatewayService } from '../gateway.service-def';

/** The services behind the gateway, faked by one slow server: every answer but health takes `delay.ms`. */
async function slowServices() {
  const delay = { ms: 600 };
  const server = http.createServer((req, res) => {
    const answer = () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'up', items: [] }));
    if (req.url?.startsWith('/health')) return answer();
    setTimeout(answer, delay.ms);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    delay,
    close: () => new Promise((r) => server.close(r)),
  };
}

describe('back-pressure at the entry point (real PostgreSQL and Kafka, slow services behind it)', () => {
  let gw: Awaited<ReturnType<typeof bootTestService>>;
  let upstream: Awaited<ReturnType<typeof slowServices>>;
  let token: string;
  const LIMITS = {
    GATEWAY_MAX_READS: '2',
    GATEWAY_MAX_EXPORTS: '1',
    GATEWAY_QUEUE_MS: '150',
    GATEWAY_RETRY_AFTER_S: '3',
    BOOTSTRAP_ADMIN_PASSWORD: 'back-pressure-office-1',
  };
  const get = (path: string) => fetch(`${gw.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const burst = (n: number, path = '/api/v1/forms') =>
    Promise.all(
      Array.from({ length: n }, async () => {
        const r = await get(path);
        return { status: r.status, retryAfter: r.headers.get('retry-after'), type: r.headers.get('content-type'), body: await r.json() };
      }),
    );
  const shedCount = async (cls: string) =>
    Number(
      new RegExp(`gateway_shed_total\\{class="${cls}"\\} (\\d+)`).exec(await (await fetch(`${gw.managementUrl}/metrics`)).text())?.[1] ?? 0,
    );

  beforeAll(async () => {
    upstream = await slowServices();
    for (const s of ['REGISTRATION', 'FORMS', 'CALLBACKS', 'SCORING']) process.env[`${s}_URL`] = upstream.url;
    Object.assign(process.env, LIMITS);
    gw = await bootTestService(gatewayService);
    const login = await fetch(`${gw.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: LIMITS.BOOTSTRAP_ADMIN_PASSWORD }),
    });
    token = ((await login.json()) as { accessToken: string }).accessToken;
  });
  afterAll(async () => {
    for (const k of Object.keys(LIMITS)) delete process.env[k];
    await gw?.stop();
    await upstream?.close();
  });

  it('aBurstBeyondTheBound_isRefused503WithRetryAfterAndAProblem_andAfterItRequestsSucceedAgain', async () => {
    const before = await shedCount('reads');
    const answers = burst(10);
    // while the burst is in the house, health, metrics and the API document are never refused
    await new Promise((r) => setTimeout(r, 50));
    const [health, metrics, doc] = await Promise.all([
      fetch(`${gw.url}/health`),
      fetch(`${gw.managementUrl}/metrics`),
      get('/api/v1/openapi.json'),
    ]);
    expect(health.status).not.toBe(503);
    expect(metrics.status).toBe(200);
    expect(doc.status).toBe(200);

    const all = await answers;
    const ok = all.filter((a) => a.status === 200);
    const refused = all.filter((a) => a.status === 503);
    expect(ok).toHaveLength(2); // the two slots; the two in line waited 150 ms, less than an answer takes
    expect(refused).toHaveLength(8);
    for (const r of refused) {
      expect(r.retryAfter).toBe('3');
      expect(r.type).toContain('application/problem+json');
      expect(r.body).toMatchObject({ status: 503, code: 'OVERLOADED', title: expect.any(String), detail: expect.stringContaining('3 s') });
    }
    expect((await shedCount('reads')) - before).toBe(8);

    // the burst is over: the gateway is back to normal by itself
    expect((await get('/api/v1/forms')).status).toBe(200);
  });

  it('aBurstALittleAboveTheBound_waitsBrieflyInLine_insteadOfBeingRefused', async () => {
    // printouts: one at a time and one in line; an answer takes 50 ms, less than the 150 ms a request may wait
    upstream.delay.ms = 50;
    const before = await shedCount('exports');
    const answers = await Promise.all([1, 2].map(() => get('/api/v1/forms/FD00000001/print.pdf')));
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(await shedCount('exports')).toBe(before);
    // a third would have had no place in line
    upstream.delay.ms = 600;
    const three = await Promise.all([1, 2, 3].map(() => get('/api/v1/forms/FD00000001/print.pdf')));
    expect(three.map((a) => a.status).sort()).toEqual([200, 503, 503]);
  });
});
