// What the harness watches while the load runs, once a second: each service's consumer lag
// and outbox backlog (its own /metrics, as Prometheus would scrape them), CPU and memory of
// every process involved (from /proc), the consumer groups' members (from the broker) and,
// less often, each service's /health.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Admin, Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { SERVICES, ServiceName } from '../system/system';
import { CONSUMERS, Target, servicePids } from './target';

const TICK = 100; // USER_HZ
const PAGE = 4096;

export interface Sample {
  /** Date.now() */
  t: number;
  /** consumer lag per consuming service (summed over its topics); null when /metrics did not answer */
  lag: Partial<Record<ServiceName, number | null>>;
  backlog: Partial<Record<ServiceName, number | null>>;
  /** CPU in % of one core since the previous sample, per process group */
  cpu: Record<string, number>;
  /** resident memory in MB per process group (PostgreSQL's backends: their proportional share, PSS) */
  rssMb: Record<string, number>;
  /** the whole machine, % of all its cores */
  machineBusy: number;
}

export interface GroupSample {
  t: number;
  group: string;
  state: string;
  members: number;
}

export interface HealthSample {
  t: number;
  service: ServiceName;
  status: number;
  body: unknown;
}

function procStat(pid: number): { ticks: number; rss: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ticks: Number(f[11]) + Number(f[12]), rss: Number(f[21]) * PAGE };
  } catch {
    return null;
  }
}

/** Proportional set size (shared pages split among the processes that map them): PostgreSQL's backends all map its shared buffers. */
function pss(pid: number): number | null {
  try {
    const kb = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1];
    return kb === undefined ? null : Number(kb) * 1024;
  } catch {
    return null;
  }
}

function machineTicks(): { busy: number; total: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = cpu[3] + (cpu[4] ?? 0);
  return { busy: cpu.reduce((a, b) => a + b, 0) - idle, total: cpu.reduce((a, b) => a + b, 0) };
}

/** The pid listening on each local port (for a system the harness did not start). */
function pidsByPort(): Map<number, number> {
  const out = new Map<number, number>();
  try {
    for (const line of execFileSync('ss', ['-Hltnp'], { encoding: 'utf8' }).split('\n')) {
      const port = /:(\d+)\s/.exec(line)?.[1];
      const pid = /pid=(\d+)/.exec(line)?.[1];
      if (port && pid) out.set(Number(port), Number(pid));
    }
  } catch {
    // no ss: no per-service CPU
  }
  return out;
}

export function parseMetric(text: string, name: string): number | null {
  let sum: number | null = null;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name) || (line[name.length] !== '{' && line[name.length] !== ' ')) continue;
    const v = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (Number.isFinite(v)) sum = (sum ?? 0) + v;
  }
  return sum;
}

export class Monitor {
  readonly samples: Sample[] = [];
  readonly groups: GroupSample[] = [];
  readonly health: HealthSample[] = [];
  private timer?: NodeJS.Timeout;
  private ticks = new Map<number, number>();
  private machine = machineTicks();
  private nodeCpu = process.cpuUsage();
  private last = Date.now();
  private pids = new Map<string, number[]>();
  private pidsAt = 0;
  private pg?: Client;
  private admin?: Admin;
  private adminUp = false;
  private n = 0;
  private busy = false;
  private groupsBusy = false;
  private healthBusy = false;

  constructor(private readonly target: Target) {}

  async start(): Promise<void> {
    if (this.target.databaseUrl) {
      this.pg = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
      this.pg.on('error', () => undefined);
      await this.pg.connect().catch(() => (this.pg = undefined));
    }
    // quiet, and quick to give up: a broker that is down (the drill) is itself the observation
    this.admin = new Kafka({
      clientId: `load-monitor-${process.pid}`,
      brokers: [this.target.broker.address],
      logLevel: logLevel.NOTHING,
      connectionTimeout: 1000,
      requestTimeout: 2000,
      retry: { retries: 1, initialRetryTime: 100 },
    }).admin();
    await this.sample();
    this.timer = setInterval(() => void this.sample(), 1000);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.pg?.end().catch(() => undefined);
    if (this.adminUp) await this.admin?.disconnect().catch(() => undefined);
  }

  private groupId(s: ServiceName) {
    return `${this.target.topicPrefix}${s}.consumer`;
  }

  private async processGroups(): Promise<Map<string, number[]>> {
    if (Date.now() - this.pidsAt > 5000 || [...this.pids.values()].some((ps) => ps.some((p) => !procStat(p)))) {
      const m = new Map<string, number[]>();
      if (this.target.databaseUrl) {
        for (const s of SERVICES) m.set(s, servicePids(this.target.databaseUrl, s));
      } else {
        const byPort = pidsByPort();
        for (const s of SERVICES) {
          const pid = byPort.get(this.target.ports[s]);
          if (pid) m.set(s, [pid]);
        }
      }
      this.pids = m;
      this.pidsAt = Date.now();
    }
    const groups = new Map(this.pids);
    const k = this.target.broker.pid();
    if (k) groups.set('kafka', [k]);
    if (this.pg) {
      try {
        const r = await this.pg.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1`, [this.target.database]);
        groups.set(
          'postgres',
          r.rows.map((x: { pid: number }) => x.pid),
        );
      } catch {
        // the drill may have just cut this connection too; next second
      }
    }
    return groups;
  }

  private async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const n = this.n++;
      const now = Date.now();
      const wall = Math.max(0.001, (now - this.last) / 1000);
      this.last = now;
      // the broker and /health may be slow to answer in a fault; they never hold up the rest
      if (n % 2 === 0 && !this.groupsBusy) {
        this.groupsBusy = true;
        void this.sampleGroups(now).finally(() => (this.groupsBusy = false));
      }
      if (n % 5 === 0 && !this.healthBusy) {
        this.healthBusy = true;
        void this.sampleHealth(now).finally(() => (this.healthBusy = false));
      }
      const metrics = await Promise.all(
        SERVICES.map(async (s) => {
          try {
            const r = await fetch(`http://127.0.0.1:${this.target.metricsPorts[s]}/metrics`, { signal: AbortSignal.timeout(900) });
            return [s, r.ok ? await r.text() : null] as const;
          } catch {
            return [s, null] as const;
          }
        }),
      );
      const lag: Sample['lag'] = {};
      const backlog: Sample['backlog'] = {};
      for (const [s, text] of metrics) {
        if (CONSUMERS.includes(s)) lag[s] = text === null ? null : (parseMetric(text, 'consumer_lag') ?? 0);
        backlog[s] = text === null ? null : parseMetric(text, 'outbox_backlog');
      }
      const cpu: Record<string, number> = {};
      const rssMb: Record<string, number> = {};
      const ticks = new Map<number, number>();
      for (const [g, pids] of await this.processGroups()) {
        let dt = 0;
        let rss = 0;
        for (const p of pids) {
          const st = procStat(p);
          if (!st) continue;
          ticks.set(p, st.ticks);
          const before = this.ticks.get(p);
          if (before !== undefined) dt += Math.max(0, st.ticks - before);
          rss += g === 'postgres' ? (pss(p) ?? st.rss) : st.rss;
        }
        cpu[g] = (100 * dt) / TICK / wall;
        rssMb[g] = rss / 2 ** 20;
      }
      this.ticks = ticks;
      const node = process.cpuUsage(this.nodeCpu);
      this.nodeCpu = process.cpuUsage();
      cpu.harness = (100 * (node.user + node.system)) / 1e6 / wall;
      rssMb.harness = process.memoryUsage().rss / 2 ** 20;
      const m = machineTicks();
      const machineBusy = (100 * (m.busy - this.machine.busy)) / Math.max(1, m.total - this.machine.total);
      this.machine = m;
      if (n > 0) this.samples.push({ t: now, lag, backlog, cpu, rssMb, machineBusy });
    } finally {
      this.busy = false;
    }
  }

  private async sampleGroups(t: number): Promise<void> {
    const ids = CONSUMERS.map((s) => this.groupId(s));
    try {
      if (!this.adminUp) {
        await this.admin!.connect();
        this.adminUp = true;
      }
      const { groups } = await this.admin!.describeGroups(ids);
      for (const g of groups) this.groups.push({ t, group: g.groupId, state: g.state, members: g.members.length });
    } catch {
      for (const group of ids) this.groups.push({ t, group, state: 'unknown (broker not answering)', members: -1 });
      if (this.adminUp) await this.admin!.disconnect().catch(() => undefined);
      this.adminUp = false;
    }
  }

  private async sampleHealth(t: number): Promise<void> {
    await Promise.all(
      SERVICES.map(async (service) => {
        try {
          const r = await fetch(`http://127.0.0.1:${this.target.metricsPorts[service]}/health`, { signal: AbortSignal.timeout(3000) });
          const body = await r.json().catch(() => null);
          this.health.push({ t, service, status: r.status, body: r.status === 200 ? undefined : body });
        } catch (e) {
          this.health.push({ t, service, status: 0, body: String(e) });
        }
      }),
    );
  }

  /** The latest total lag (all consumers), or null if a service's /metrics did not answer. */
  latestLag(): number | null {
    const s = this.samples[this.samples.length - 1];
    if (!s) return null;
    let sum = 0;
    for (const c of CONSUMERS) {
      const v = s.lag[c];
      if (v === null || v === undefined) return null;
      sum += v;
    }
    return sum;
  }

  /** Waits until every consumer's lag is zero (or `timeoutMs` passes); the ms it took, or null. */
  async waitForZeroLag(timeoutMs: number): Promise<number | null> {
    const t0 = Date.now();
    while (Date.now() - t0 < timeoutMs) {
      const since = this.samples.filter((s) => s.t > t0);
      const last = since[since.length - 1];
      if (last && CONSUMERS.every((c) => last.lag[c] === 0)) return last.t - t0;
      await new Promise((r) => setTimeout(r, 250));
    }
    return null;
  }
}

export interface WindowFigures {
  maxLag: Partial<Record<ServiceName, number>>;
  maxLagTotal: number;
  maxBacklog: Partial<Record<ServiceName, number>>;
  /** mean CPU % of one core over the window, and its highest 1-second value */
  cpu: Record<string, { mean: number; max: number }>;
  maxRssMb: Record<string, number>;
  machineBusy: { mean: number; max: number };
  /** seconds in which a service's /metrics did not answer */
  metricsUnanswered: Partial<Record<ServiceName, number>>;
  /** readings of a consumer group with fewer members than the reading before, or not Stable */
  groupEvents: Array<{ t: number; group: string; state: string; members: number; before: number }>;
  unhealthy: HealthSample[];
}

/** The monitor's figures for the samples taken in [from, to]. */
export function windowFigures(m: Monitor, from: number, to: number): WindowFigures {
  const xs = m.samples.filter((s) => s.t >= from && s.t <= to);
  const maxLag: WindowFigures['maxLag'] = {};
  const maxBacklog: WindowFigures['maxBacklog'] = {};
  const metricsUnanswered: WindowFigures['metricsUnanswered'] = {};
  let maxLagTotal = 0;
  const cpuSum: Record<string, number> = {};
  const cpuMax: Record<string, number> = {};
  const maxRssMb: Record<string, number> = {};
  for (const s of xs) {
    let total = 0;
    for (const [svc, v] of Object.entries(s.lag) as Array<[ServiceName, number | null]>) {
      if (v === null) metricsUnanswered[svc] = (metricsUnanswered[svc] ?? 0) + 1;
      else {
        maxLag[svc] = Math.max(maxLag[svc] ?? 0, v);
        total += v;
      }
    }
    maxLagTotal = Math.max(maxLagTotal, total);
    for (const [svc, v] of Object.entries(s.backlog) as Array<[ServiceName, number | null]>)
      if (v !== null) maxBacklog[svc] = Math.max(maxBacklog[svc] ?? 0, v);
    for (const [g, v] of Object.entries(s.cpu)) {
      cpuSum[g] = (cpuSum[g] ?? 0) + v;
      cpuMax[g] = Math.max(cpuMax[g] ?? 0, v);
    }
    for (const [g, v] of Object.entries(s.rssMb)) maxRssMb[g] = Math.max(maxRssMb[g] ?? 0, v);
  }
  const cpu: WindowFigures['cpu'] = {};
  for (const g of Object.keys(cpuSum)) cpu[g] = { mean: cpuSum[g] / Math.max(1, xs.length), max: cpuMax[g] };
  const busy = xs.map((s) => s.machineBusy);
  // a group "loses members" when it is seen with fewer than at its previous reading, or not Stable
  const previous = new Map<string, number>();
  for (const g of m.groups.filter((x) => x.t < from && x.members >= 0)) previous.set(g.group, g.members);
  const groupEvents: WindowFigures['groupEvents'] = [];
  for (const g of m.groups.filter((x) => x.t >= from && x.t <= to && x.members >= 0)) {
    const before = previous.get(g.group);
    if (before !== undefined && (g.members < before || g.state !== 'Stable')) groupEvents.push({ ...g, before });
    previous.set(g.group, g.members);
  }
  return {
    maxLag,
    maxLagTotal,
    maxBacklog,
    cpu,
    maxRssMb,
    machineBusy: { mean: busy.reduce((a, b) => a + b, 0) / Math.max(1, busy.length), max: Math.max(0, ...busy) },
    metricsUnanswered,
    groupEvents,
    unhealthy: m.health.filter((h) => h.t >= from && h.t <= to && h.status !== 200),
  };
}
