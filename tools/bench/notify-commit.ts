// What a NOTIFY costs the transactions that send it: `node -r @swc-node/register tools/bench/notify-commit.ts`.
// PostgreSQL serialises the commits of notifying transactions (a cluster-wide lock held until
// the commit is flushed), so commits that could share a WAL flush no longer do. Each writer loops
// BEGIN; INSERT; [SELECT pg_notify(...)]; COMMIT for a few seconds, with and without the notify,
// alternating. The outbox trigger (outbox-notify.migration.ts) adds such a notify to every
// transaction that writes outbox rows. Not a test; see docs/benchmarks.md ("Idle").
import './quiet';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ensureDatabase } from '@fd/platform';
import { median } from './util';

const argv = process.argv.slice(2);
const numArg = (name: string, dflt: number) => Number(argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/feedback_desk_bench';
const ms = numArg('ms', 3000);
const rounds = numArg('rounds', 3);
const table = `notify_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;

async function run(writers: number, notify: boolean): Promise<number> {
  const clients = await Promise.all(
    Array.from({ length: writers }, async () => {
      const c = new Client({ connectionString: url });
      await c.connect();
      return c;
    }),
  );
  let n = 0;
  const end = Date.now() + ms;
  await Promise.all(
    clients.map(async (c) => {
      while (Date.now() < end) {
        await c.query('BEGIN');
        await c.query(`INSERT INTO ${table} (v) VALUES ('x')`);
        if (notify) await c.query(`SELECT pg_notify('${table}', '')`);
        await c.query('COMMIT');
        n++;
      }
    }),
  );
  await Promise.all(clients.map((c) => c.end()));
  return n / (ms / 1000);
}

async function main() {
  await ensureDatabase(url);
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE TABLE ${table} (id bigserial PRIMARY KEY, v text)`);
  try {
    process.stdout.write('| writers | commits/s without NOTIFY | with NOTIFY | ratio |\n|---|---|---|---|\n');
    for (const writers of [1, 8]) {
      const plain: number[] = [];
      const notifying: number[] = [];
      for (let r = 0; r < rounds; r++) {
        plain.push(await run(writers, false));
        notifying.push(await run(writers, true));
      }
      const [a, b] = [median(plain), median(notifying)];
      process.stdout.write(`| ${writers} | ${Math.round(a)} | ${Math.round(b)} | ${Math.round((100 * b) / a)} % |\n`);
    }
  } finally {
    await admin.query(`DROP TABLE ${table}`);
    await admin.end();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`${String(e?.stack ?? e)}\n`);
    process.exit(1);
  },
);
