// What-if policy replay on a year of a mall: `node --max-old-space-size=3072 -r @swc-node/register tools/bench/what-if.bench.ts`
// (options --merchants=500 --forms-per-day=3 --keep). Writes a scoring log straight into a scratch
// schema (bulk INSERT … SELECT FROM unnest, not through Kafka), rebuilds the live projection from
// it, then times, in the same process: a plain fold of the whole log in memory (the baseline),
// and the what-if (POST /policy/what-if's own code) with returnDays 10 over the 12 months.
// Not a test: nothing here asserts a time. See docs/benchmarks.md.
import './quiet';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { FormFiled, FormForged, FormIssued, FormOverdue, FormVerified, MerchantRegistered } from '@fd/contracts';
import { addDays } from '@fd/kernel';
import { EventStore, openServiceDataSource } from '@fd/platform';
import { LoggedEvent, ProjectionBuilder } from '@fd/scoring-domain';
// the scoring service's own code, run in this process (apps have no npm scope)
// eslint-disable-next-line @nx/enforce-module-boundaries
import { scoringMigrations } from '../../apps/scoring/src/migrations';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { rebuildProjection } from '../../apps/scoring/src/projection/projection.tables';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { scoringLog, ScoringLog } from '../../apps/scoring/src/projection/write-to-log';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { PolicyWhatIf } from '../../apps/scoring/src/what-if-policy/what-if-policy.query';
import { fmt, loadavg, machineFacts, now } from './util';

const argv = process.argv.slice(2);
const numArg = (name: string, dflt: number) => Number(argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
const cfg = {
  url: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/feedback_desk_bench',
  merchants: numArg('merchants', 500),
  formsPerDay: numArg('forms-per-day', 3),
  year: '2026',
  keep: argv.includes('--keep'),
};
const say = (s: string) => process.stdout.write(`${s}\n`);
const schema = `bench_whatif_${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;

/** A deterministic number in [0, 1) of a form's key, so the log is the same at every run. */
function unit(...xs: number[]): number {
  let h = 2166136261;
  for (const x of xs) {
    h ^= x;
    h = Math.imul(h, 16777619);
    h ^= h >>> 13;
    h = Math.imul(h, 0x5bd1e995);
  }
  return ((h ^ (h >>> 15)) >>> 0) / 4294967296;
}

interface Row {
  streamId: string;
  streamType: string;
  type: string;
  version: number;
  data: unknown;
  at: string;
}

/**
 * The year, day by day in time order. Each merchant has `formsPerDay` forms planned each day,
 * issued 3 days before; 85 % are filed within their 7 days, 7 % late (after going overdue), 8 %
 * never; a fifth of the filed are verified by a callback, 1 in 200 found forged; each overdue form
 * opens a case.
 */
function* year(): Generator<Row> {
  const start = `${cfg.year}-01-01`;
  for (let m = 0; m < cfg.merchants; m++)
    yield {
      streamId: `merchant-M${m}`,
      streamType: 'merchant',
      type: MerchantRegistered.type,
      version: MerchantRegistered.version,
      data: { merchantId: `M${m}`, name: `Merchant ${m}`, stall: `S-${m}`, category: 'appliances' },
      at: `${addDays(start, -30)}T02:00:00.000Z`,
    };
  const days = 365;
  for (let d = -3; d < days + 12; d++) {
    const day = addDays(start, d);
    const at = (hour: number) => `${day}T${String(hour).padStart(2, '0')}:00:00.000Z`;
    for (let m = 0; m < cfg.merchants; m++)
      for (let p = d - 10; p <= d + 3; p++) {
        if (p < 0 || p >= days) continue;
        const planned = addDays(start, p);
        for (let k = 0; k < cfg.formsPerDay; k++) {
          const serial = `F${m}-${p}-${k}`;
          const ref = { serial, merchantId: `M${m}`, plannedDate: planned };
          const stream = { streamId: `form-${serial}`, streamType: 'form' };
          const fate = unit(m, p, k);
          const filedAfter = fate < 0.85 ? Math.floor(unit(m, p, k, 1) * 8) : fate < 0.92 ? 8 + Math.floor(unit(m, p, k, 2) * 3) : -1;
          if (p === d + 3)
            yield {
              ...stream,
              type: FormIssued.type,
              version: FormIssued.version,
              data: {
                ...ref,
                purchaseId: `P-${serial}`,
                cardNo: `C-${serial}`,
                serviceType: 'install',
                visit: 1,
                dueDate: addDays(planned, 7),
                issuedAt: at(1),
              },
              at: at(1),
            };
          if (p === d - 8 && (filedAfter < 0 || filedAfter >= 8)) {
            yield {
              ...stream,
              type: FormOverdue.type,
              version: FormOverdue.version,
              data: { ...ref, dueDate: addDays(planned, 7) },
              at: `${addDays(planned, 7)}T16:00:30.000Z`,
            };
            yield {
              streamId: `penalty-case-C-${serial}`,
              streamType: 'penalty-case',
              type: 'CaseOpened',
              version: 1,
              data: {
                caseId: `C-${serial}`,
                violationId: `missing:${serial}`,
                merchantId: `M${m}`,
                kind: 'form_not_returned',
                serial,
                period: planned.slice(0, 7),
                openedAt: `${addDays(planned, 7)}T16:00:30.000Z`,
                visibleAt: `${addDays(planned, 7)}T16:00:31.000Z`,
                appealDeadline: addDays(planned, 15),
                policyVersion: 1,
              },
              at: `${addDays(planned, 7)}T16:00:31.000Z`,
            };
          }
          if (filedAfter >= 0 && p === d - filedAfter) {
            const filedAt = at(3);
            const rating = unit(m, p, k, 3) < 0.1 ? 'unsatisfied' : 'very_satisfied';
            yield {
              ...stream,
              type: FormFiled.type,
              version: FormFiled.version,
              data: { ...ref, rating, staffId: `ST-${m}`, staffCertified: true, servicedOn: planned, filedAt, late: filedAfter >= 8 },
              at: filedAt,
            };
          }
          if (filedAfter >= 0 && p === d - filedAfter - 1) {
            const r = unit(m, p, k, 4);
            if (r < 0.2)
              yield {
                ...stream,
                type: FormVerified.type,
                version: FormVerified.version,
                data: { ...ref, callbackId: `CB-${serial}` },
                at: at(5),
              };
            else if (r < 0.205)
              yield {
                ...stream,
                type: FormForged.type,
                version: FormForged.version,
                data: { ...ref, cause: 'signature_denied', callbackId: `CB-${serial}` },
                at: at(5),
              };
          }
        }
      }
  }
}

async function insertLog(c: Client): Promise<number> {
  const positions = new Map<string, number>();
  let chunk: Row[] = [];
  let n = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    const col = <T>(f: (r: Row) => T) => chunk.map(f);
    const pos = chunk.map((r) => {
      const p = (positions.get(r.streamId) ?? 0) + 1;
      positions.set(r.streamId, p);
      return p;
    });
    await c.query(
      `INSERT INTO "${schema}".events (stream_id, stream_type, stream_position, event_id, type, schema_version, data, metadata, recorded_at)
       SELECT s, st, p, gen_random_uuid(), t, v, d, jsonb_build_object('eventId', gen_random_uuid(), 'correlationId', 'bench', 'causationId', null,
              'actor', jsonb_build_object('id', 'bench', 'role', 'system'), 'occurredAt', a), a::timestamptz
       FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::int[], $6::jsonb[], $7::text[]) AS u(s, st, p, t, v, d, a)`,
      [
        col((r) => r.streamId),
        col((r) => r.streamType),
        pos,
        col((r) => r.type),
        col((r) => r.version),
        col((r) => JSON.stringify(r.data)),
        col((r) => r.at),
      ],
    );
    n += chunk.length;
    chunk = [];
  };
  for (const row of year()) {
    chunk.push(row);
    if (chunk.length === 20000) await flush();
  }
  await flush();
  return n;
}

async function main() {
  say(`what-if bench: ${cfg.merchants} merchants, ${cfg.formsPerDay} forms a merchant a day, year ${cfg.year}; schema ${schema}`);
  say(`machine: ${JSON.stringify(machineFacts())}; load before: ${loadavg()}`);
  const admin = new Client({ connectionString: cfg.url.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  const db = cfg.url.slice(cfg.url.lastIndexOf('/') + 1);
  if ((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [db])).rowCount === 0)
    await admin.query(`CREATE DATABASE "${db}"`);
  await admin.end();
  const ds = await openServiceDataSource({ schema, migrations: scoringMigrations, poolSize: 2, url: cfg.url });
  const c = new Client({ connectionString: cfg.url });
  await c.connect();
  try {
    let t = now();
    const events = await insertLog(c);
    say(`log written: ${fmt(events)} events in ${fmt((now() - t) / 1000, 1)} s (bulk insert)`);
    await c.query(`ANALYZE "${schema}".events`);
    const store = new EventStore(schema, scoringLog);

    t = now();
    const report = await ds.transaction((m) => rebuildProjection(m, store, schema, 5000));
    say(`live projection rebuilt (fold + write): ${fmt((now() - t) / 1000, 1)} s; ${JSON.stringify(report)}`);

    // the baseline: the plain fold of the same log, read the same way, nothing written
    t = now();
    const builder = new ProjectionBuilder();
    let read = 0;
    await ds.transaction('REPEATABLE READ', async (m) => {
      for (let after = 0; ; ) {
        const batch = await store.readAll(m, after, 5000);
        if (batch.length === 0) break;
        for (const e of batch) builder.apply({ type: e.type, data: e.data } as LoggedEvent);
        read += batch.length;
        after = batch[batch.length - 1].globalPosition;
      }
    });
    const plainS = (now() - t) / 1000;
    say(
      `plain fold: ${fmt(read)} events in ${fmt(plainS, 1)} s = ${fmt(read / plainS)} events/s; heap ${fmt(process.memoryUsage().heapUsed / 2 ** 20)} MB`,
    );

    const whatIf = new PolicyWhatIf(ds, { store, schema } as ScoringLog, {
      now: async () => new Date(`${Number(cfg.year) + 1}-01-20T04:00:00.000Z`),
    });
    t = now();
    const answer = await whatIf.preview({ returnDays: 10, from: `${cfg.year}-01`, to: `${cfg.year}-12` });
    const whatIfS = (now() - t) / 1000;
    say(
      `what-if returnDays 10, ${answer.from}..${answer.to}: ${fmt(answer.eventsRead)} events in ${fmt(whatIfS, 1)} s = ${fmt(answer.eventsRead / whatIfS)} events/s ` +
        `(tookMs ${answer.tookMs}); months changed ${answer.merchants.length}${answer.truncated ? '+ (lists cut at 500)' : ''}, ` +
        `violations vanishing ${answer.violationsVanishing.length}, appearing ${answer.violationsAppearing.length}; heap ${fmt(process.memoryUsage().heapUsed / 2 ** 20)} MB`,
    );
    say(`what-if / plain fold: ${fmt(whatIfS / plainS, 2)}x; load after: ${loadavg()}`);
  } finally {
    await c.end();
    if (!cfg.keep) await ds.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await ds.destroy();
  }
}

main().catch((e) => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});
