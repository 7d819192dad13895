// `npm start`: the whole system on this machine with demo data (see README).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, SERVICES, ServiceName, startSystem } from './system';
import { DEFAULT_MALL } from '@fd/contracts';
import { seedDemo, DemoAccounts, DEMO_DAYS } from '../demo/seed';

const secretsFile = path.join(ROOT, '.cache', 'demo', 'accounts.json');

type Secrets = { adminPassword: string; groupPassword: string; jwtSecret: string; formCodeKey: string; sampleKey: string };

/** The demo's secrets, made once and kept (a key added in a later version is made then). */
function demoSecrets(): Secrets {
  const saved = existsSync(secretsFile) ? JSON.parse(readFileSync(secretsFile, 'utf8')) : {};
  const fresh = () => randomBytes(32).toString('base64url');
  const secrets: Secrets = {
    adminPassword: randomBytes(9).toString('base64url'),
    // the group administration's bootstrap account `group`, which makes the second mall's administrator
    groupPassword: randomBytes(9).toString('base64url'),
    jwtSecret: fresh(),
    formCodeKey: fresh(),
    sampleKey: fresh(),
    ...saved.secrets,
  };
  mkdirSync(path.dirname(secretsFile), { recursive: true });
  writeFileSync(secretsFile, JSON.stringify({ ...saved, secrets }, null, 2), { mode: 0o600 });
  return secrets;
}

/** `INSTANCES="forms=2 scoring=2"`: several processes of a service (docs/operations.md). */
function instancesFromEnv(text = ''): Partial<Record<ServiceName, number>> {
  const out: Partial<Record<ServiceName, number>> = {};
  for (const part of text.split(/[\s,]+/).filter(Boolean)) {
    const [name, count] = part.split('=');
    if (!SERVICES.includes(name as ServiceName) || !(Number(count) >= 1))
      throw new Error(`INSTANCES: cannot read "${part}" (service=count)`);
    out[name as ServiceName] = Number(count);
  }
  return out;
}

async function main() {
  const secrets = demoSecrets();
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/feedback_desk';
  const saved = JSON.parse(readFileSync(secretsFile, 'utf8')) as { secrets: unknown; accounts?: DemoAccounts };
  const fresh = !saved.accounts;
  process.stdout.write('Starting the services (logs in .cache/logs/)...\n');
  // The demo runs in test mode: on its first start the clock begins five weeks ago and the
  // demo data lives through them day by day (purchases, filings on time or not, the deadline
  // sweeper), then the clock catches up with today. /api/v1/_test/clock moves it further.
  // Supervised: a service that exits or stops answering /health/live is started again.
  const system = await startSystem({
    databaseUrl,
    testClock: true,
    supervise: true,
    // a second demo beside the first on one broker: its own topics (the database is DATABASE_URL's)
    topicPrefix: process.env.KAFKA_TOPIC_PREFIX,
    instances: instancesFromEnv(process.env.INSTANCES),
    env: {
      BOOTSTRAP_ADMIN_PASSWORD: secrets.adminPassword,
      BOOTSTRAP_GROUP_ADMIN_PASSWORD: secrets.groupPassword,
      JWT_SECRET: process.env.JWT_SECRET ?? secrets.jwtSecret,
      FORM_CODE_KEY: process.env.FORM_CODE_KEY ?? secrets.formCodeKey,
      CALLBACK_SAMPLE_KEY: process.env.CALLBACK_SAMPLE_KEY ?? secrets.sampleKey,
      SWEEP_INTERVAL_MS: '300',
      ...(fresh ? { TEST_CLOCK_START: new Date(Date.now() - DEMO_DAYS * 86400000).toISOString() } : {}),
    },
  });
  let accounts = saved.accounts;
  if (!accounts) {
    process.stdout.write(`Loading demo data (${DEMO_DAYS} days of history, about a minute)...\n`);
    accounts = await seedDemo(system.url, secrets.adminPassword, process.env.FORM_CODE_KEY ?? secrets.formCodeKey, secrets.groupPassword);
    writeFileSync(secretsFile, JSON.stringify({ ...saved, accounts }, null, 2), { mode: 0o600 });
  }
  const rows = [
    ['admin', secrets.adminPassword, 'admin', DEFAULT_MALL, ''],
    // the group administration: an account of the default mall that manages every mall's accounts
    ['group', secrets.groupPassword, 'group_admin', DEFAULT_MALL, ''],
    ...accounts.map((a) => [a.username, a.password, a.role, a.mallId ?? DEFAULT_MALL, a.merchantName ?? '']),
  ];
  process.stdout.write(
    [
      '',
      `feedback-desk is running: ${system.url}   (API: ${system.url}/api/v1, OpenAPI: ${system.url}/api/v1/openapi.json)`,
      '',
      'Demo accounts (also in .cache/demo/accounts.json):',
      `  ${'account'.padEnd(14)} ${'password'.padEnd(16)} ${'role'.padEnd(11)} ${'mall'.padEnd(6)} merchant`,
      ...rows.map(([u, p, r, mall, m]) => `  ${u.padEnd(14)} ${p.padEnd(16)} ${r.padEnd(11)} ${mall.padEnd(6)} ${m}`),
      '',
      'Press Ctrl-C to stop the services (Kafka keeps running: bash tools/kafka/kafka.sh stop).',
      '',
    ].join('\n'),
  );
  const stop = () => {
    process.stdout.write('\nStopping...\n');
    system.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e) => {
  process.stderr.write(`feedback-desk did not start: ${e?.stack ?? e}\n`);
  process.exit(1);
});
