// What the entry point's session check costs: `node -r @swc-node/register tools/bench/session-check.ts [--n=3000]`.
// Boots the gateway in this process on a schema of its own in the bench database (the services
// behind it are not needed), signs in, and times in the same run:
//   1. the check alone (`Sessions.assertOpen`: one primary-key join) against a bare `SELECT 1`
//      through the same pool: the database round trip it adds;
//   2. `GET /api/v1/auth/me` (token verified, session checked, a service token made) against the
//      same route without a token (refused 401 by the same guard, same middleware, a body of the
//      same size): what a signed-in request pays at the door.
// Each sequentially and with 8 at once. Not a test; see docs/benchmarks.md ("Sessions").
import './quiet';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { bootService } from '@fd/platform';
// the gateway's own code, booted in this process: the check is measured as it runs (apps have no npm scope)
// eslint-disable-next-line @nx/enforce-module-boundaries
import { gatewayService } from '../../apps/gateway/src/gateway.service-def';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { Users } from '../../apps/gateway/src/auth/users';
import { fmt, machineFacts, now, percentile, table } from './util';

const argv = process.argv.slice(2);
const n = Number(argv.find((a) => a.startsWith('--n='))?.split('=')[1] ?? 3000);
const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/feedback_desk_bench';
const schema = `bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}_gw`;

async function timeIt(what: string, concurrency: number, once: () => Promise<unknown>) {
  for (let i = 0; i < 200; i++) await once(); // warm up
  const times: number[] = [];
  const start = now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < n) {
        const t = now();
        await once();
        times.push(now() - t);
      }
    }),
  );
  const wall = now() - start;
  times.sort((a, b) => a - b);
  return { what, concurrency, perSecond: (n / wall) * 1000, p50: percentile(times, 50), p99: percentile(times, 99) };
}

async function main() {
  for (const k of ['JWT_SECRET', 'FORM_CODE_KEY', 'CALLBACK_SAMPLE_KEY']) process.env[k] ??= randomBytes(32).toString('base64url');
  for (const s of ['REGISTRATION', 'FORMS', 'CALLBACKS', 'SCORING']) process.env[`${s}_URL`] ??= 'http://127.0.0.1:9';
  process.env.GATEWAY_MAX_READS ??= '1000';
  const admin = new Client({ connectionString: url.replace(/\/[^/]*$/, '/postgres') });
  await admin.connect();
  const db = decodeURIComponent(new URL(url).pathname.slice(1));
  if ((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [db])).rowCount === 0)
    await admin.query(`CREATE DATABASE "${db}"`);
  await admin.end();

  const gw = await bootService(gatewayService, { port: 0, schema, databaseUrl: url, topicPrefix: `${schema}.` });
  try {
    const users = new Users(gw.runtime.ds, schema);
    const password = randomBytes(12).toString('base64url');
    await users.create({ username: 'bench', password, role: 'clerk' }, 'bench');
    const signedIn = await users.login('bench', password, 'bench');
    const login = await fetch(`${gw.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bench', password }),
    });
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    const get = (path: string, auth?: string) =>
      fetch(`${gw.url}${path}`, auth ? { headers: { authorization: `Bearer ${auth}` } } : {}).then((r) => r.arrayBuffer());

    const rows = [];
    for (const c of [1, 8]) {
      rows.push(await timeIt('SELECT 1 (baseline)', c, () => gw.runtime.ds.query('SELECT 1')));
      rows.push(await timeIt('session check', c, () => users.sessions.assertOpen(signedIn.principal)));
      rows.push(await timeIt('GET /auth/me, no token: 401 (baseline)', c, () => get('/api/v1/auth/me')));
      rows.push(await timeIt('GET /auth/me, session token', c, () => get('/api/v1/auth/me', token)));
    }
    process.stdout.write(`${JSON.stringify(machineFacts())}\nn = ${n} per row\n\n`);
    process.stdout.write(
      `${table([
        ['what', 'at once', 'per second', 'p50 ms', 'p99 ms'],
        ...rows.map((r) => [r.what, String(r.concurrency), fmt(r.perSecond, 0), fmt(r.p50, 2), fmt(r.p99, 2)]),
      ])}\n`,
    );
  } finally {
    await gw.stop();
    const c = new Client({ connectionString: url });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await c.end();
  }
}

main().catch((e) => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});
