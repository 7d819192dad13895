// The fault drill: under a steady load, each service is killed with SIGKILL in turn, the
// broker is stopped and started, and the database connections of the load's database are cut.
// After each fault the drill waits until registrations succeed again and the consumers have
// caught up, and reports how long that took. Requests that fail during a fault are fine as
// long as they were not acknowledged; they are retried with the same Idempotency-Key at the end.
import { onDatabaseServer, ServiceName } from '../system/system';
import { Monitor } from './monitor';
import { CONSUMERS, Target, servicePids } from './target';
import { AnswerRecord, Traffic } from './traffic';

export type FaultName = `kill ${ServiceName}` | 'kafka stop/start' | 'database connections cut';

export interface FaultResult {
  fault: FaultName;
  /** epoch ms the fault was injected, and when the broken part was back (service healthy, broker ready) */
  injectedAt: number;
  backAt: number | null;
  /** how it came back: the runner's supervision, the drill's own restart, nothing needed */
  cameBackBy: string;
  /** ms from the fault until every registration is answered 201 again (0: none was affected) */
  registrationsOkAfterMs: number | null;
  /** ms from the fault until every consumer's lag is back to the level before the drill */
  lagSettledAfterMs: number | null;
  /** answers in the fault's window that were not successes, by op and outcome */
  failedDuring: Record<string, number>;
  processesKilled?: number;
  connectionsCut?: number;
  notes: string[];
}

export interface DrillOptions {
  /** seconds the broker stays down */
  kafkaDownS: number;
  /** seconds a killed service stays down when the runner does not restart it itself */
  serviceDownS: number;
  /** seconds of steady load before the first fault and at least after each */
  gapS: number;
  /** the longest the drill waits for recovery after a fault */
  settleS: number;
  faults: FaultName[];
  log: (s: string) => void;
}

// The gateway and the database go first: a request they leave "in progress" can only be retried
// once its key is old enough to be taken over, and by the end of the drill it is.
export const ALL_FAULTS: FaultName[] = [
  'kill gateway',
  'database connections cut',
  'kill registration',
  'kill forms',
  'kill callbacks',
  'kill scoring',
  'kafka stop/start',
];

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function healthy(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

/** The first moment after which every registration scheduled in [from, to) was answered 201 (from itself if all were). */
export function registrationsOkSince(answers: AnswerRecord[], from: number, to: number): number | null {
  const regs = answers.filter((a) => a.op === 'register' && a.at >= from && a.at < to).sort((a, b) => a.at - b.at);
  let lastBad = -1;
  regs.forEach((a, i) => {
    if (a.outcome !== '201') lastBad = i;
  });
  if (lastBad === -1) return from;
  return lastBad + 1 < regs.length ? regs[lastBad + 1].at : null;
}

export class FaultDrill {
  private baselineLag = 0;

  constructor(
    private readonly target: Target,
    private readonly traffic: Traffic,
    private readonly monitor: Monitor,
    private readonly o: DrillOptions,
  ) {}

  private lagSettledSince(from: number): number | null {
    for (const s of this.monitor.samples)
      if (s.t >= from && CONSUMERS.every((c) => typeof s.lag[c] === 'number' && (s.lag[c] as number) <= this.baselineLag)) return s.t;
    return null;
  }

  /** Runs every fault in turn; the load must already be running. */
  async run(): Promise<FaultResult[]> {
    const t0 = Date.now();
    await sleep(this.o.gapS * 1000);
    // the lag the consumers show under this load with nothing broken
    for (const s of this.monitor.samples.filter((x) => x.t >= t0))
      for (const c of CONSUMERS) this.baselineLag = Math.max(this.baselineLag, (s.lag[c] as number) ?? 0);
    this.o.log(`steady load for ${this.o.gapS} s; consumer lag up to ${this.baselineLag} before any fault`);
    const results: FaultResult[] = [];
    for (const fault of this.o.faults) results.push(await this.one(fault));
    return results;
  }

  private async one(fault: FaultName): Promise<FaultResult> {
    const notes: string[] = [];
    const injectedAt = Date.now();
    let backAt: number | null = null;
    let cameBackBy = 'nothing needed';
    const result: Partial<FaultResult> = {};
    this.o.log(`fault: ${fault}`);
    if (fault.startsWith('kill ')) {
      const service = fault.slice(5) as ServiceName;
      const pids = servicePids(this.target.databaseUrl!, service);
      for (const p of pids) process.kill(p, 'SIGKILL');
      result.processesKilled = pids.length;
      if (!pids.length) notes.push(`no process of ${service} was found to kill`);
      const port = this.target.ports[service];
      if (this.target.supervised) {
        cameBackBy = "the system runner's supervision";
        const deadline = Date.now() + this.o.settleS * 1000;
        // first let it die: the port may answer for a moment after the signal
        await sleep(200);
        while (Date.now() < deadline && !(await healthy(port))) await sleep(100);
        if (await healthy(port)) backAt = Date.now();
        else notes.push(`${service} was not restarted within ${this.o.settleS} s`);
      } else {
        cameBackBy = `the drill's restart after ${this.o.serviceDownS} s`;
        await sleep(this.o.serviceDownS * 1000);
        try {
          await this.target.system!.restart(service);
          backAt = Date.now();
        } catch (e) {
          notes.push(`restarting ${service} failed: ${String(e)}`);
        }
      }
    } else if (fault === 'kafka stop/start') {
      await this.target.broker.stop();
      await sleep(this.o.kafkaDownS * 1000);
      cameBackBy = `broker started again after ${this.o.kafkaDownS} s down`;
      try {
        await this.target.broker.start();
        backAt = Date.now();
      } catch (e) {
        notes.push(`the broker did not start again: ${String(e)}`);
      }
    } else {
      const r = await onDatabaseServer((c) =>
        c.query(
          `SELECT count(*)::int AS n FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()) x`,
          [this.target.database],
        ),
      );
      result.connectionsCut = r.rows[0].n;
      backAt = Date.now();
    }
    if (backAt) this.o.log(`  back after ${((backAt - injectedAt) / 1000).toFixed(1)} s (${cameBackBy})`);

    // wait for recovery: registrations answered 201 again for 3 s, and the lag back to its level
    const deadline = Date.now() + this.o.settleS * 1000;
    const minimumUntil = Date.now() + this.o.gapS * 1000;
    let regOk: number | null = null;
    let lagOk: number | null = null;
    for (;;) {
      await sleep(500);
      const now = Date.now();
      regOk = registrationsOkSince(this.traffic.answers, injectedAt, now - 3000);
      const fresh = this.traffic.answers.some((a) => a.op === 'register' && a.at >= (regOk ?? now) && a.outcome === '201');
      lagOk = backAt ? this.lagSettledSince(backAt) : null;
      if ((regOk !== null && fresh && lagOk !== null && now >= minimumUntil) || now > deadline) break;
    }
    if (regOk === null) notes.push(`registrations did not all succeed again within ${this.o.settleS} s`);
    if (lagOk === null) notes.push(`the consumers' lag did not come back to ${this.baselineLag} within ${this.o.settleS} s`);
    const failedDuring: Record<string, number> = {};
    for (const a of this.traffic.answers)
      if (a.at >= injectedAt && a.at < Date.now() && !/^20[0-2]$/.test(a.outcome)) {
        const k = `${a.op} ${a.outcome}`;
        failedDuring[k] = (failedDuring[k] ?? 0) + 1;
      }
    const r: FaultResult = {
      fault,
      injectedAt,
      backAt,
      cameBackBy,
      registrationsOkAfterMs: regOk === null ? null : Math.max(0, regOk - injectedAt),
      lagSettledAfterMs: lagOk === null ? null : Math.max(0, lagOk - injectedAt),
      failedDuring,
      notes,
      ...result,
    };
    this.o.log(
      `  registrations ok after ${r.registrationsOkAfterMs === null ? 'never' : `${(r.registrationsOkAfterMs / 1000).toFixed(1)} s`}, ` +
        `lag settled after ${r.lagSettledAfterMs === null ? 'never' : `${(r.lagSettledAfterMs / 1000).toFixed(1)} s`}` +
        (Object.keys(failedDuring).length ? `; not ok during it: ${JSON.stringify(failedDuring)}` : ''),
    );
    return r;
  }
}
