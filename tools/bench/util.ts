// Small helpers for the benchmark: timing, CPU accounting, machine facts, table printing.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';

export const REPO = path.resolve(__dirname, '../..');
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
export const now = () => performance.now();

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/** Clock ticks of a process (utime + stime) from /proc, 0 if it is gone. */
function procTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
  } catch {
    return 0;
  }
}

function kafkaPid(): number | null {
  try {
    return Number(readFileSync(path.join(REPO, '.cache/kafka/kafka.pid'), 'utf8').trim()) || null;
  } catch {
    return null;
  }
}

function machineTicks(): { busy: number; total: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = cpu[3] + (cpu[4] ?? 0);
  const total = cpu.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

const TICK = 100; // USER_HZ on Linux

/** Answers the pids of the postgres processes that work for us (see CpuWindow). */
export type PgPids = () => Promise<number[]>;

/**
 * CPU seconds spent during a window: this Node process, the postgres processes that work
 * for us (our database's backends plus the WAL writer, checkpointer and background writer,
 * which also serve everybody else), the Kafka broker JVM, and the whole machine. Read it as
 * "where time went". On a shared machine the machine figure includes other people's work.
 */
export class CpuWindow {
  private node = process.cpuUsage();
  private pg = new Map<number, number>();
  private kafka = 0;
  private machine = machineTicks();
  private t0 = now();
  private constructor(private readonly pgPids: PgPids) {}

  static async start(pgPids: PgPids): Promise<CpuWindow> {
    const w = new CpuWindow(pgPids);
    for (const p of await pgPids()) w.pg.set(p, procTicks(p));
    const k = kafkaPid();
    w.kafka = k ? procTicks(k) : 0;
    w.node = process.cpuUsage();
    w.machine = machineTicks();
    w.t0 = now();
    return w;
  }

  async stop(): Promise<CpuReport> {
    const wall = (now() - this.t0) / 1000;
    const n = process.cpuUsage(this.node);
    const k = kafkaPid();
    const kafka = k ? (procTicks(k) - this.kafka) / TICK : 0;
    const m = machineTicks();
    let pg = 0;
    for (const [p, t] of this.pg) pg += Math.max(0, procTicks(p) - t);
    for (const p of await this.pgPids()) if (!this.pg.has(p)) pg += procTicks(p); // opened during the window
    return {
      wall,
      node: (n.user + n.system) / 1e6,
      postgres: pg / TICK,
      kafka,
      machineBusy: (m.busy - this.machine.busy) / Math.max(1, m.total - this.machine.total),
    };
  }
}

export interface CpuReport {
  wall: number;
  node: number;
  postgres: number;
  kafka: number;
  /** 0..1 of all cores */
  machineBusy: number;
}

export function cpuSummary(c: CpuReport, ops?: number, unit = 'op'): string {
  const pct = (s: number) => `${Math.round((100 * s) / c.wall)}%`;
  const per = (s: number) => `${fmt((s * 1e6) / ops!)}`;
  const perOp = ops ? ` = node ${per(c.node)} + pg ${per(c.postgres)} + kafka ${per(c.kafka)} µs CPU/${unit}` : '';
  return `cpu node ${pct(c.node)}, pg ${pct(c.postgres)}, kafka ${pct(c.kafka)} of a core${perOp}; machine ${Math.round(100 * c.machineBusy)}% busy`;
}

export function machineFacts(): Record<string, string> {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? 'unknown';
  const mhz = /cpu MHz\s*:\s*(.*)/.exec(cpuinfo)?.[1];
  const sh = (cmd: string, args: string[]) => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 20000 }).trim();
    } catch {
      return 'unknown';
    }
  };
  return {
    date: new Date().toISOString(),
    nproc: sh('nproc', []),
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    cpu: `${model}${mhz ? ` (${Math.round(Number(mhz))} MHz)` : ''}`,
    kernel: os.release(),
    node: process.version,
    kafka: sh('bash', [path.join(REPO, 'tools/kafka/kafka.sh'), 'version']),
    uptime: sh('uptime', []),
  };
}

export function loadavg(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

export function fmt(n: number, digits = 0): string {
  if (!Number.isFinite(n)) return 'n/a';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => (c ?? '').padEnd(widths[i])).join(' | ')} |`;
  return [line(rows[0]), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.slice(1).map(line)].join('\n');
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Our database's backends plus the shared WAL writer, checkpointer and background writer. */
export const pgPidsOf =
  (ds: DataSource): PgPids =>
  async () =>
    (
      await ds.query(
        `SELECT pid FROM pg_stat_activity
         WHERE datname = current_database() OR backend_type IN ('walwriter', 'checkpointer', 'background writer')`,
      )
    ).map((r: { pid: number }) => r.pid);
