// The second half of tools/system/check-lts.sh: the whole system on the Node binary given,
// on a database and topics of its own; every service must answer /health/ready, each process
// must be that binary, and an admin must sign in and read through the entry point.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { freePort, ROOT, SERVICES, startSystem } from './system';

async function main() {
  const node = realpathSync(process.argv[2]);
  const database = `fd_lts_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  const password = randomBytes(12).toString('base64url');
  try {
    const t0 = Date.now();
    const system = await startSystem({
      databaseUrl: `postgres://postgres@127.0.0.1:5432/${database}`,
      topicPrefix: `${database}.`,
      ports: Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [s, await freePort()]))),
      node,
      logDir: path.join(ROOT, '.cache', 'logs', 'check-lts'),
      env: { BOOTSTRAP_ADMIN_PASSWORD: password, LOG_LEVEL: 'warn' },
    });
    try {
      const problems: string[] = [];
      for (const s of SERVICES) {
        const exe = readlinkSync(`/proc/${system.pid(s)}/exe`);
        if (exe !== node) problems.push(`${s} runs ${exe}, not ${node}`);
        const ready = await fetch(`${system.urls(s)[0]}/health/ready`);
        if (ready.status !== 200) problems.push(`${s}: /health/ready ${ready.status} ${await ready.text()}`);
      }
      const login = await fetch(`${system.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      const token = ((await login.json()) as { accessToken?: string }).accessToken;
      const merchants = await fetch(`${system.url}/api/v1/merchants`, { headers: { authorization: `Bearer ${token}` } });
      if (merchants.status !== 200) problems.push(`GET /api/v1/merchants through the gateway: ${merchants.status}`);
      const version = execFileSync(node, ['--version']).toString().trim();
      if (problems.length) throw new Error(problems.join('\n'));
      process.stdout.write(
        `check-lts: every service ready on Node ${version} in ${Date.now() - t0} ms; sign-in and a read through the gateway work\n`,
      );
    } finally {
      await system.stop();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((e) => {
  process.stderr.write(`check-lts failed: ${e?.stack ?? e}\n`);
  process.exit(1);
});
