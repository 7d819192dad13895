// Idle CPU of the whole system: `node -r @swc-node/register tools/bench/idle-cpu.ts [--seconds=60] [--from-source]`.
// Starts every service as `npm start` does (tools/system), on a database and topics of its own,
// lets it settle, then reads utime+stime from /proc of each service process (and of the
// PostgreSQL backends of that database) over the window. Nothing runs against it: this is what
// the system costs doing nothing. Not a test; see docs/benchmarks.md ("Idle"). IDLE_ENV='{"K":"v"}'
// adds environment variables to the services.
import './quiet';
import { readdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createKafka } from '@fd/platform';
import { freePort, onDatabaseServer, SERVICES, startSystem } from '../system/system';
import { deleteTopicsAndGroups } from './pipeline.bench';
import { machineFacts, sleep } from './util';

const argv = process.argv.slice(2);
const numArg = (name: string, dflt: number) => Number(argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
const seconds = numArg('seconds', 60);
const settleMs = numArg('settle-ms', 20000);
const fromSource = argv.includes('--from-source');
const TICK = 100; // USER_HZ

function stat(pid: number): { ppid: number; ticks: number; cmd: string } | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]), cmd };
  } catch {
    return null;
  }
}

/** Every process below this one: the services however they are launched. */
function descendants(): Map<number, string> {
  const all = new Map<number, { ppid: number; cmd: string }>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const s = stat(Number(d));
    if (s) all.set(Number(d), s);
  }
  const out = new Map<number, string>();
  const walk = (parent: number) => {
    for (const [pid, s] of all)
      if (s.ppid === parent && !out.has(pid)) {
        out.set(pid, s.cmd);
        walk(pid);
      }
  };
  walk(process.pid);
  return out;
}

const serviceOf = (cmd: string) => SERVICES.find((s) => cmd.includes(`apps/${s}/`) || cmd.includes(`/${s}/main`)) ?? cmd.slice(0, 60);

/** The run's topics and consumer groups on the shared broker, so nothing is left behind. */
async function dropRunTopics(prefix: string) {
  const kafka = createKafka('idle-cpu-cleanup');
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(prefix));
    await deleteTopicsAndGroups(kafka, topics, groups);
  } finally {
    await admin.disconnect();
  }
}

async function main() {
  const database = `fd_idle_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await onDatabaseServer((c) => c.query(`CREATE DATABASE "${database}"`));
  const ports = Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [s, await freePort()])));
  const system = await startSystem({
    databaseUrl: `postgres://postgres@127.0.0.1:5432/${database}`,
    topicPrefix: `${database}.`,
    ports,
    ...(fromSource ? { fromSource: true } : {}),
    env: { LOG_LEVEL: 'warn', ...(process.env.IDLE_ENV ? JSON.parse(process.env.IDLE_ENV) : {}) },
  });
  try {
    await sleep(settleMs);
    const procs = descendants();
    const backends = async () =>
      (await onDatabaseServer((c) => c.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [database]))).rows.map(
        (r) => Number(r.pid),
      );
    const before = new Map<number, number>();
    for (const pid of [...procs.keys(), ...(await backends())]) before.set(pid, stat(pid)?.ticks ?? 0);
    const t0 = Date.now();
    await sleep(seconds * 1000);
    const wall = (Date.now() - t0) / 1000;
    const pct = (ticks: number) => ((100 * ticks) / TICK / wall).toFixed(2);
    let total = 0;
    const rows: string[] = [];
    for (const [pid, cmd] of procs) {
      const d = (stat(pid)?.ticks ?? 0) - (before.get(pid) ?? 0);
      total += d;
      rows.push(`| ${serviceOf(cmd)} | ${pid} | ${d / TICK} | ${pct(d)} % |`);
    }
    let pg = 0;
    const bs = await backends();
    for (const pid of bs) pg += Math.max(0, (stat(pid)?.ticks ?? 0) - (before.get(pid) ?? 0));
    process.stdout.write(
      [
        `machine: ${JSON.stringify(machineFacts())}`,
        `window: ${wall.toFixed(1)} s after ${settleMs / 1000} s settling; services ${fromSource ? 'from sources (swc-node)' : 'as startSystem runs them'}`,
        '',
        '| process | pid | CPU s | of one core |',
        '|---|---|---|---|',
        ...rows,
        `| **services together** | | ${total / TICK} | **${pct(total)} %** |`,
        `| PostgreSQL backends of the database (${bs.length}) | | ${pg / TICK} | ${pct(pg)} % |`,
        `| **services + their backends** | | ${(total + pg) / TICK} | **${pct(total + pg)} %** |`,
        '',
      ].join('\n'),
    );
  } finally {
    await system.stop();
    await sleep(500);
    await onDatabaseServer((c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)).catch(() => undefined);
    await dropRunTopics(`${database}.`);
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`${String(e?.stack ?? e)}\n`);
    process.exit(1);
  },
);
