// Service start and memory (docs/benchmarks.md): the whole system on a database and topics of
// its own, supervised; after it settles, each service's resident memory; then each service is
// SIGKILLed and the supervisor's new process is timed until it serves /health/live and /health/ready.
//   node -r @swc-node/register tools/bench/service-start.ts [--from-source] [--settle-seconds 20] [--rounds 3] [--node <binary>]
// NODE_OPTIONS given to this command reach the services too (e.g. --max-semi-space-size=1).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { freePort, onDatabaseServer, SERVICES, ServiceName, startSystem } from '../system/system';

const arg = (name: string) => process.argv.indexOf(name) > 0;
const value = (name: string) => (arg(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const settleSeconds = Number(value('--settle-seconds')) || 20;
const node = value('--node');
const rounds = Number(value('--rounds')) || 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU (user + system) a process has used so far, from /proc (clock ticks of 10 ms). */
const cpuMs = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

async function until<T>(what: string, read: () => Promise<T | null> | T | null, timeoutMs = 60000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await read();
    if (v !== null) return v;
    await sleep(20);
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

const answers = async (url: string) => {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1000) })).status === 200 ? true : null;
  } catch {
    return null;
  }
};

async function main() {
  const database = `fd_start_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await onDatabaseServer((c) => c.query(`CREATE DATABASE "${database}"`));
  const ports = Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [s, await freePort()])));
  const t0 = Date.now();
  const system = await startSystem({
    databaseUrl: `postgres://postgres@127.0.0.1:5432/${database}`,
    topicPrefix: `${database}.`,
    ports,
    fromSource: arg('--from-source'),
    node,
    supervise: { initialBackoffMs: 0 },
    log: () => undefined,
    env: { LOG_LEVEL: 'warn' },
  });
  const rows: string[] = [];
  try {
    const upMs = Date.now() - t0;
    await sleep(settleSeconds * 1000);
    const rss = Object.fromEntries(SERVICES.map((s) => [s, rssMb(system.pid(s)!)]));
    /** Times a new process of `s` from its spawn to /health/live 200 (and the CPU it used until then) and to /health/ready 200. */
    const timeNewProcess = async (s: ServiceName, old: number | null) => {
      const spawned = await until(`${s} restarted`, () => {
        const p = system.pid(s);
        return p && p !== old ? Date.now() : null;
      });
      const url = system.urls(s)[0];
      const live = (await until(`${s} live`, () => answers(`${url}/health/live`)), Date.now());
      const cpu = cpuMs(system.pid(s)!);
      const ready = (await until(`${s} ready`, () => answers(`${url}/health/ready`)), Date.now());
      return { live: live - spawned, ready: ready - spawned, cpu };
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    for (const s of SERVICES) {
      // a crash: the supervisor starts a new process at once (no backoff here)
      const killedPid = system.pid(s);
      await system.kill(s);
      const killed = await timeNewProcess(s, killedPid);
      await until(`${s} healthy in the system`, () => answers(`${system.urls(s)[0]}/health`));
      // clean restarts: SIGTERM (the consumer leaves its group), then a new process
      const clean: Array<{ live: number; ready: number; cpu: number }> = [];
      for (let round = 0; round < rounds; round++) {
        const stoppedPid = system.pid(s);
        const restarted = system.restart(s);
        clean.push(await timeNewProcess(s, stoppedPid));
        await restarted;
      }
      const m = (k: 'live' | 'ready' | 'cpu') => median(clean.map((c) => c[k]));
      rows.push(
        `| ${s} | ${rss[s].toFixed(0)} MB | ${killed.live} / ${killed.ready} ms | ${m('live')} / ${m('ready')} ms | ${m('cpu')} ms |`,
      );
    }
    process.stdout.write(
      [
        `runtime: ${arg('--from-source') ? 'sources through @swc-node/register' : 'dist/ with plain node'}; node ${node ? execFileSync(node, ['--version']).toString().trim() : process.version}; NODE_OPTIONS=${process.env.NODE_OPTIONS ?? ''}`,
        `system ready in ${upMs} ms; memory after ${settleSeconds} s idle; restarts: ${JSON.stringify(system.restarts())}`,
        '',
        `| service | idle RSS | after SIGKILL: new process to live / ready | after SIGTERM (median of ${rounds}): to live / ready | CPU until live |`,
        '|---|---|---|---|---|',
        ...rows,
        '',
      ].join('\n'),
    );
  } finally {
    await system.stop();
    await onDatabaseServer((c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
  }
}

main().catch((e) => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});
