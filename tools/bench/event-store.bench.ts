// Event-store appends through EventStore.append against plain INSERTs of the same rows.
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { EventStore, CommandMetadata, EventMetadata } from '@fd/platform';
import { PrototypePreparedEventStore } from './prototype-event-store';
import { CpuReport, CpuWindow, cpuSummary, fmt, median, now, percentile, pgPidsOf, sleep } from './util';

export interface AppendOptions {
  ds: DataSource;
  schema: string;
  writers: number;
  warmupMs: number;
  measureMs: number;
  rounds: number;
  /** Streams per writer; appends go round-robin over them, so most appends extend an existing stream. */
  streamsPerWriter: number;
  /** also measure the prototype of recommendation 2 (tools/bench/prototype-event-store.ts) */
  prototypes: boolean;
}

export interface CaseResult {
  name: string;
  /** appends (transactions) per second, per round */
  txPerSec: number[];
  /** events (rows) per second, per round */
  rowsPerSec: number[];
  /** per-transaction latency of the last round, ms */
  p50: number;
  p99: number;
  cpu: CpuReport;
}

export const med = (r: CaseResult) => ({ tx: median(r.txPerSec), rows: median(r.rowsPerSec) });

// A FormVoided-like domain event and the metadata EventStore.append builds (same keys, same sizes).
const STREAM_TYPE = 'Form';
const EVENT_TYPE = 'FormVoided';
const actor = { id: 'clerk-0007', role: 'clerk' as const };
const eventData = (serial: string, i: number) => ({
  serial,
  merchantId: 'M-0042',
  plannedDate: '2026-10-01',
  reason: `customer cancelled the installation (${i})`,
});

/** One writer's streams with their current versions (both kinds of case track versions the same way). */
class Streams {
  private versions: number[];
  private next = 0;
  constructor(
    private readonly prefix: string,
    n: number,
  ) {
    this.versions = new Array(n).fill(0);
  }
  take(): { streamId: string; version: number; k: number } {
    const k = this.next++ % this.versions.length;
    return { streamId: `${this.prefix}-${k}`, version: this.versions[k], k };
  }
  advance(k: number, by: number) {
    this.versions[k] += by;
  }
}

type Op = (writer: number, streams: Streams) => Promise<number>;

async function runCase(
  name: string,
  o: AppendOptions,
  round: number,
  op: Op,
): Promise<{ tx: number; rows: number; lat: number[]; cpu: CpuReport }> {
  let counting = false;
  let stop = false;
  let tx = 0;
  let rows = 0;
  const lat: number[] = [];
  const workers = Array.from({ length: o.writers }, async (_, w) => {
    const streams = new Streams(`${name}-r${round}-w${w}-${randomUUID().slice(0, 8)}`, o.streamsPerWriter);
    while (!stop) {
      const t = now();
      const n = await op(w, streams);
      if (counting) {
        tx++;
        rows += n;
        lat.push(now() - t);
      }
    }
  });
  let failure: unknown;
  const all = Promise.all(workers).catch((e) => {
    failure = e;
    stop = true;
  });
  await sleep(o.warmupMs);
  const cpu = await CpuWindow.start(pgPidsOf(o.ds));
  counting = true;
  const t0 = now();
  await sleep(o.measureMs);
  counting = false;
  const secs = (now() - t0) / 1000;
  const c = await cpu.stop();
  stop = true;
  await all;
  if (failure) throw failure;
  return { tx: tx / secs, rows: rows / secs, lat, cpu: c };
}

export async function benchAppends(o: AppendOptions, say: (s: string) => void): Promise<CaseResult[]> {
  const { ds, schema } = o;
  const store = new EventStore(schema);
  const pool: Pool = (ds.driver as PostgresDriver).master;
  const meta = (): CommandMetadata => ({ now: new Date(), actor, correlationId: randomUUID(), causationId: randomUUID() });
  /** The metadata column exactly as EventStore.append writes it. */
  const rawMetadata = (m: CommandMetadata, eventId: string): string =>
    JSON.stringify({
      eventId,
      correlationId: m.correlationId,
      causationId: m.causationId,
      actor: m.actor,
      occurredAt: m.now.toISOString(),
    } satisfies EventMetadata);

  /**
   * Plain INSERT of `n` rows in one transaction straight on the DataSource's pg pool, or
   * (diagnostic) through DataSource.transaction, to tell TypeORM's share from the store's.
   */
  const rawInsert = async (streams: Streams, n: number, viaTypeorm = false): Promise<number> => {
    const { streamId, version, k } = streams.take();
    const m = meta();
    const values: unknown[] = [];
    const tuples: string[] = [];
    for (let i = 0; i < n; i++) {
      const eventId = randomUUID();
      values.push(
        streamId,
        STREAM_TYPE,
        version + i + 1,
        eventId,
        EVENT_TYPE,
        JSON.stringify(eventData(streamId, version + i)),
        rawMetadata(m, eventId),
      );
      const b = i * 7;
      tuples.push(`($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}::jsonb, $${b + 7}::jsonb)`);
    }
    const sql = `INSERT INTO "${schema}".events (stream_id, stream_type, stream_position, event_id, type, data, metadata) VALUES ${tuples.join(', ')}`;
    if (viaTypeorm) {
      await ds.transaction((em) => em.query(sql, values));
      streams.advance(k, n);
      return n;
    }
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(sql, values);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
    streams.advance(k, n);
    return n;
  };

  /** EventStore.append of `n` events in its own transaction, as a command handler does. */
  const append = async (streams: Streams, n: number): Promise<number> => {
    const { streamId, version, k } = streams.take();
    const events = Array.from({ length: n }, (_, i) => ({ type: EVENT_TYPE, data: eventData(streamId, version + i) }));
    const m = meta();
    await ds.transaction((em) => store.append(em, streamId, STREAM_TYPE, version, events, m));
    streams.advance(k, n);
    return n;
  };

  /** The same through the prototypes (tools/bench/prototype-event-store.ts). */
  const prepared = new PrototypePreparedEventStore(schema, { leanReturning: false });
  const preparedLean = new PrototypePreparedEventStore(schema, { leanReturning: true });
  const appendProto = async (proto: PrototypePreparedEventStore, streams: Streams, n: number): Promise<number> => {
    const { streamId, version, k } = streams.take();
    const events = Array.from({ length: n }, (_, i) => ({ type: EVENT_TYPE, data: eventData(streamId, version + i) }));
    const m = meta();
    await ds.transaction((em) => proto.append(em, streamId, STREAM_TYPE, version, events, m));
    streams.advance(k, n);
    return n;
  };

  // Each case sits next to the one it is compared with (in both directions of the rounds).
  const allCases: Array<{ name: string; op: Op; prototype?: true }> = [
    { name: "(a'') diagnostic: raw INSERT 1 row/tx via DataSource.transaction", op: (_w, s) => rawInsert(s, 1, true) },
    { name: "(a') raw INSERT, 1 row/tx", op: (_w, s) => rawInsert(s, 1) },
    { name: '(a) EventStore.append, 1 event/append', op: (_w, s) => append(s, 1) },
    { name: '(a*) PROTOTYPE: named prepared statements, 1 event/append', op: (_w, s) => appendProto(prepared, s, 1), prototype: true },
    {
      name: '(a**) PROTOTYPE: prepared + lean RETURNING, 1 event/append',
      op: (_w, s) => appendProto(preparedLean, s, 1),
      prototype: true,
    },
    { name: "(b') raw INSERT, 100 rows/tx", op: (_w, s) => rawInsert(s, 100) },
    { name: '(b) EventStore.append, 100 events/append', op: (_w, s) => append(s, 100) },
    {
      name: '(b*) PROTOTYPE: named prepared statements, 100 events/append',
      op: (_w, s) => appendProto(prepared, s, 100),
      prototype: true,
    },
    {
      name: '(b**) PROTOTYPE: prepared + lean RETURNING, 100 events/append',
      op: (_w, s) => appendProto(preparedLean, s, 100),
      prototype: true,
    },
  ];
  const cases = allCases.filter((c) => o.prototypes || !c.prototype);
  const truncate = async () => {
    await ds.query(`TRUNCATE "${schema}".events, "${schema}".streams RESTART IDENTITY`);
    await ds.query(`VACUUM ANALYZE "${schema}".events`);
    await ds.query(`VACUUM ANALYZE "${schema}".streams`);
  };
  // A warm-up of every case first (connections, JIT, the tables' first pages), not counted.
  for (const c of cases) {
    await truncate();
    await runCase('warmup', { ...o, warmupMs: 0, measureMs: Math.min(o.warmupMs, 500) }, -1, c.op);
  }
  const results = new Map<string, CaseResult>();
  for (let round = 0; round < o.rounds; round++) {
    // Many short rounds, every other one in reverse order, so that a drift in the load of a
    // shared machine reaches every case alike; the connections and the JIT stay warm between rounds.
    const order = round % 2 === 0 ? cases : [...cases].reverse();
    for (const c of order) {
      await truncate();
      const r = await runCase(c.name.replace(/[^a-z0-9]+/gi, '').slice(0, 12), { ...o, warmupMs: Math.min(o.warmupMs, 300) }, round, c.op);
      const sorted = [...r.lat].sort((a, b) => a - b);
      const prev = results.get(c.name);
      results.set(c.name, {
        name: c.name,
        txPerSec: [...(prev?.txPerSec ?? []), r.tx],
        rowsPerSec: [...(prev?.rowsPerSec ?? []), r.rows],
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        cpu: r.cpu,
      });
      say(
        `  round ${round + 1}/${o.rounds} ${c.name}: ${fmt(r.tx)} tx/s, ${fmt(r.rows)} rows/s, p50 ${fmt(percentile(sorted, 50), 2)} ms, p99 ${fmt(percentile(sorted, 99), 2)} ms; ${cpuSummary(r.cpu, r.tx * r.cpu.wall, 'tx')}`,
      );
    }
  }
  return cases.map((c) => results.get(c.name)!);
}
