// What the load harness counts per operation. Latencies are kept whole and sorted at the end:
// a run holds at most some tens of thousands of samples, so exact percentiles cost nothing and
// carry none of a bucketed histogram's rounding (and the harness adds no dependency).
// Percentiles are nearest-rank (the benchmark's).

import { percentile } from '../bench/util';

export { percentile };

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function summarize(samples: number[]): LatencySummary {
  const s = Float64Array.from(samples).sort();
  const a = Array.from(s);
  return { count: a.length, p50: percentile(a, 50), p90: percentile(a, 90), p99: percentile(a, 99), max: a.length ? a[a.length - 1] : NaN };
}

/** How an answer is counted: its HTTP status, or what happened instead of one. */
export type Outcome = number | 'timeout' | 'connection' | 'overflow';

export interface OpSummary {
  op: string;
  scheduled: number;
  sent: number;
  /** Latency of the answers counted as success, from the scheduled start (queueing included). */
  ok: LatencySummary;
  /** Latency of every answer, whatever it said. */
  all: LatencySummary;
  byOutcome: Record<string, number>;
  errors: number;
  /** 503 answers (the entry point shedding load, or a service not answering). */
  shed: number;
  /** 503 answers that said when to retry. */
  retryAfter: number;
  /** The longest a request started after its scheduled time (the harness's own lateness). */
  maxStartLagMs: number;
}

/** Counts and latencies of one kind of request. */
export class OpStats {
  private okLatencies: number[] = [];
  private allLatencies: number[] = [];
  private outcomes = new Map<string, number>();
  scheduled = 0;
  sent = 0;
  shed = 0;
  retryAfter = 0;
  maxStartLagMs = 0;

  constructor(
    readonly op: string,
    private readonly isOk: (o: Outcome) => boolean = (o) => typeof o === 'number' && o >= 200 && o < 300,
  ) {}

  started(lagMs: number) {
    this.sent++;
    if (lagMs > this.maxStartLagMs) this.maxStartLagMs = lagMs;
  }

  record(outcome: Outcome, latencyMs: number, hadRetryAfter = false) {
    const k = String(outcome);
    this.outcomes.set(k, (this.outcomes.get(k) ?? 0) + 1);
    if (outcome === 'overflow') return;
    this.allLatencies.push(latencyMs);
    if (this.isOk(outcome)) this.okLatencies.push(latencyMs);
    if (outcome === 503) {
      this.shed++;
      if (hadRetryAfter) this.retryAfter++;
    }
  }

  count(outcome: Outcome): number {
    return this.outcomes.get(String(outcome)) ?? 0;
  }

  summary(): OpSummary {
    const byOutcome = Object.fromEntries([...this.outcomes].sort(([a], [b]) => a.localeCompare(b)));
    let errors = 0;
    for (const [k, n] of this.outcomes) if (!this.isOk(/^\d+$/.test(k) ? Number(k) : (k as Outcome))) errors += n;
    return {
      op: this.op,
      scheduled: this.scheduled,
      sent: this.sent,
      ok: summarize(this.okLatencies),
      all: summarize(this.allLatencies),
      byOutcome,
      errors,
      shed: this.shed,
      retryAfter: this.retryAfter,
      maxStartLagMs: this.maxStartLagMs,
    };
  }
}
