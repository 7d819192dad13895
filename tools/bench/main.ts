// feedback-desk benchmark: `npm run bench` (full, a few minutes) or `npm run bench -- --quick`.
// Measures the platform's event store and outbox pipeline, each against a raw baseline run in
// the same process on the same machine, and prints the figures and their ratios. Not a test:
// nothing here asserts a time. See docs/benchmarks.md.
import './quiet';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createKafka, openServiceDataSource } from '@fd/platform';
import { benchAppends, CaseResult, med } from './event-store.bench';
import { benchPipeline, deleteTopicsAndGroups, Drain, PipelineResult, pipelineNames } from './pipeline.bench';
import { REPO, fmt, loadavg, machineFacts, median, table } from './util';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length); // appends | pipeline
const numArg = (name: string, dflt: number) => Number(argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);

const cfg = {
  url: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/feedback_desk_bench',
  writers: numArg('writers', 8),
  warmupMs: numArg('warmup-ms', quick ? 300 : 1000),
  measureMs: numArg('measure-ms', quick ? 1000 : 2000),
  rounds: numArg('rounds', quick ? 1 : 6),
  n: numArg('n', quick ? 3000 : 20000),
  pacedMs: numArg('paced-ms', quick ? 2000 : 10000),
  pacedRates: (argv.find((a) => a.startsWith('--paced-rates='))?.split('=')[1] ?? (quick ? '0' : '50,0')).split(',').map(Number),
  pipelineRounds: numArg('pipeline-rounds', quick ? 1 : 5),
  relayVariants: quick
    ? [{ batchSize: 500, relays: 4 }]
    : [
        { batchSize: 2000, relays: 1 },
        { batchSize: 500, relays: 4 },
        { batchSize: 2000, relays: 4 },
      ],
  /** the prototypes of the event store and the relay (tools/bench/prototype-*.ts), beside the platform's code */
  prototypes: !argv.includes('--no-prototypes'),
};

const say = (s: string) => process.stdout.write(`${s}\n`);
const base = `bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const esSchema = `${base}_es`;
const obSchema = `${base}_ob`;
const names = pipelineNames(`${base}.`);
const kafka = createKafka(base);
const open: DataSource[] = [];

let cleaned = false;
async function cleanup() {
  if (cleaned) return;
  cleaned = true;
  for (const ds of open) if (ds.isInitialized) await ds.destroy().catch(() => undefined);
  const c = new Client({ connectionString: cfg.url });
  try {
    await c.connect();
    for (const s of [esSchema, obSchema]) await c.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  } catch (e) {
    process.stderr.write(`could not drop the bench schemas: ${String(e)}\n`);
  } finally {
    await c.end().catch(() => undefined);
  }
  if (only !== 'appends')
    await deleteTopicsAndGroups(kafka, names.topics, names.groups).catch((e) =>
      process.stderr.write(`could not delete the bench topics: ${String(e)}\n`),
    );
}

function kafkaRunning(): boolean {
  try {
    execFileSync('bash', [path.join(REPO, 'tools/kafka/kafka.sh'), 'status'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function main() {
  const facts = machineFacts();
  const pgVersion = async (ds: DataSource) => (await ds.query('SHOW server_version'))[0].server_version as string;
  say(`feedback-desk bench${quick ? ' (--quick)' : ''} — ${facts.date}`);
  say(`machine: ${facts.nproc} CPUs, ${facts.cpu}, ${facts.memory}, Linux ${facts.kernel}; Node ${facts.node}; Kafka ${facts.kafka}`);
  say(`load: ${facts.uptime}`);
  say(`config: ${JSON.stringify({ ...cfg, url: cfg.url.replace(/\/\/[^@]*@/, '//') })}`);

  let appends: CaseResult[] | null = null;
  let pipeline: PipelineResult | null = null;
  let pg = '';
  if (only !== 'pipeline') {
    say(
      `\n1. Event-store appends (schema ${esSchema}, ${cfg.writers} concurrent writers, ${cfg.rounds} round(s) of ${cfg.measureMs} ms after ${cfg.warmupMs} ms warm-up)`,
    );
    const ds = await openServiceDataSource({ schema: esSchema, url: cfg.url, poolSize: cfg.writers + 2 });
    open.push(ds);
    pg = await pgVersion(ds);
    appends = await benchAppends(
      {
        ds,
        schema: esSchema,
        writers: cfg.writers,
        warmupMs: cfg.warmupMs,
        measureMs: cfg.measureMs,
        rounds: cfg.rounds,
        streamsPerWriter: 64,
        prototypes: cfg.prototypes,
      },
      say,
    );
    await ds.destroy();
    say(`  load now: ${loadavg()}`);
  }
  if (only !== 'appends') {
    if (!kafkaRunning()) throw new Error('Kafka is not running: start it with `bash tools/kafka/kafka.sh start`');
    say(`\n2. Outbox -> Kafka -> consumer (schema ${obSchema}, N = ${cfg.n}, topics ${base}.*)`);
    const ds = await openServiceDataSource({ schema: obSchema, url: cfg.url, poolSize: 10 });
    open.push(ds);
    pg ||= await pgVersion(ds);
    pipeline = await benchPipeline(
      {
        ds,
        schema: obSchema,
        kafka,
        prefix: `${base}.`,
        n: cfg.n,
        streams: 1000,
        warmup: 200,
        pacedMs: cfg.pacedMs,
        pacedRates: cfg.pacedRates,
        rounds: cfg.pipelineRounds,
        relayVariants: cfg.relayVariants,
        prototypes: cfg.prototypes,
        relayOnly: argv.includes('--relay-only'),
      },
      say,
    );
    await ds.destroy();
    say(`  load now: ${loadavg()}`);
  }
  await cleanup();

  // ---- the summary ----
  say(
    `\nSummary (${facts.date}; ${facts.nproc} CPUs ${facts.cpu}, ${facts.memory}; Node ${facts.node}, PostgreSQL ${pg}, Kafka ${facts.kafka})`,
  );
  const rows: string[][] = [['case', 'figure', 'baseline (same run)', 'ratio', 'aim']];
  const pct = (a: number, b: number) => `${Math.round((100 * a) / b)}%`;
  /** Median of the per-round ratios of two cases measured in the same rounds, with their range. */
  const paired = (xs: number[], ys: number[]) => {
    const r = xs.map((x, i) => x / ys[i]);
    const m = median(r);
    return r.length > 1 ? `${pct(m, 1)} (rounds ${pct(Math.min(...r), 1)}–${pct(Math.max(...r), 1)})` : pct(m, 1);
  };
  if (appends) {
    const fig = (x: { tx: number; rows: number }, r: CaseResult) => `${fmt(x.rows)} ev/s (${fmt(x.tx)} tx/s, p50 ${fmt(r.p50, 1)} ms)`;
    const byName = (prefix: string) => appends!.find((c) => c.name.startsWith(prefix))!;
    const [rawA, appA, rawB, appB] = ["(a')", '(a)', "(b')", '(b)'].map(byName);
    const [ra, a, rb, b] = [rawA, appA, rawB, appB].map(med);
    rows.push([
      '1a EventStore.append, 1 event/append',
      fig(a, appA),
      `raw INSERT 1 row/tx: ${fig(ra, rawA)}`,
      paired(appA.rowsPerSec, rawA.rowsPerSec),
      '≥ 40%',
    ]);
    rows.push([
      '1b EventStore.append, 100 events/append',
      fig(b, appB),
      `raw INSERT 100 rows/tx: ${fig(rb, rawB)}`,
      paired(appB.rowsPerSec, rawB.rowsPerSec),
      '≥ 40%',
    ]);
    const diag = byName("(a'')");
    rows.push([
      "1 diagnostic: the (a') INSERT via DataSource.transaction",
      fig(med(diag), diag),
      'raw INSERT 1 row/tx',
      paired(diag.rowsPerSec, rawA.rowsPerSec),
      '',
    ]);
    for (const p of appends.filter((c) => c.name.includes('PROTOTYPE'))) {
      const hundred = p.name.includes('100 events');
      const [raw, app] = hundred ? [rawB, appB] : [rawA, appA];
      rows.push([
        `1 ${p.name.replace(/^\S+ /, '')}`,
        fig(med(p), p),
        `raw INSERT ${hundred ? '100 rows' : '1 row'}/tx; ${hundred ? '(b)' : '(a)'}`,
        `${paired(p.rowsPerSec, raw.rowsPerSec)}; ${paired(p.rowsPerSec, app.rowsPerSec)}`,
        '',
      ]);
    }
  }
  if (pipeline) {
    const bare = pipeline.bareKafkajs.msgsPerSec;
    const pp = pipeline.producerPerformance?.recordsPerSec ?? NaN;
    const ppk = pipeline.producerPerformanceKeyed;
    const vs = (x: number) => `${pct(x, bare)} / ${pct(x, pp)}`;
    const [def, ...variants] = pipeline.relayAlone;
    const range = (d: { msgsPerSec: number; rounds?: number[] }) =>
      `${fmt(d.msgsPerSec)} msg/s${d.rounds && d.rounds.length > 1 ? ` (rounds ${d.rounds.map((r) => fmt(r)).join(', ')})` : ''}`;
    const bareRounds = pipeline.bareKafkajs.rounds ?? [];
    rows.push(['2 bare kafkajs producer (baseline)', range(pipeline.bareKafkajs), '', '', '']);
    rows.push([
      '2 ProducerPerformance (baseline)',
      pipeline.producerPerformance
        ? `${fmt(pp)} rec/s (send latency p50 ${pipeline.producerPerformance.p50} ms, p99 ${pipeline.producerPerformance.p99} ms)`
        : 'failed',
      '',
      '',
      '',
    ]);
    if (ppk) rows.push(['2 ProducerPerformance, keyed, steady state (reference)', `${fmt(ppk.recordsPerSec)} rec/s`, '', '', '']);
    const vsRounds = (d: Drain) =>
      `${paired(d.rounds ?? [d.msgsPerSec], bareRounds.length ? bareRounds : [bare])} / ${pct(d.msgsPerSec, pp)}`;
    rows.push([`2 ${def.label}`, range(def), 'bare kafkajs (paired rounds) / ProducerPerformance', vsRounds(def), '≥ 30% of bare kafkajs']);
    for (const v of variants)
      rows.push([
        `2 ${v.label}${v.label.includes('PROTOTYPE') ? '' : ' (bench config)'}`,
        range(v),
        'bare kafkajs (paired rounds) / ProducerPerformance',
        vsRounds(v),
        '',
      ]);
    for (const e of pipeline.e2e) {
      rows.push([
        `2 e2e [${e.label}]: relay while consuming`,
        `${fmt(e.relay.msgsPerSec)} msg/s`,
        'bare kafkajs / ProducerPerformance',
        vs(e.relay.msgsPerSec),
        '',
      ]);
      rows.push([
        `2 e2e [${e.label}]: outbox -> handled`,
        `${fmt(e.endToEnd.msgsPerSec)} msg/s`,
        'bare kafkajs / ProducerPerformance',
        vs(e.endToEnd.msgsPerSec),
        '',
      ]);
      rows.push([
        `2 e2e [${e.label}]: latency, backlog of ${fmt(cfg.n)}`,
        `p50 ${fmt(e.backlogLatency.p50)} ms, p99 ${fmt(e.backlogLatency.p99)} ms`,
        '',
        '',
        '',
      ]);
      for (const p of e.paced ?? [])
        rows.push([
          `2 e2e [${e.label}]: latency, paced ${p.rate} msg/s`,
          `p50 ${fmt(p.latency.p50, 1)} ms, p99 ${fmt(p.latency.p99, 1)} ms, max ${fmt(p.latency.max, 1)} ms`,
          `of which waiting for the relay: p50 ${fmt(p.waitInOutbox.p50, 1)} ms, p99 ${fmt(p.waitInOutbox.p99, 1)} ms`,
          '',
          '',
        ]);
    }
    if (pipeline.e2e.length)
      rows.push(['2 outbox enqueue of the backlog (one tx, inserts of 2 000)', `${fmt(pipeline.e2e[0].enqueuePerSec)} msg/s`, '', '', '']);
  }
  say(table(rows));
  say(`\nload at the end: ${loadavg()} (1/5/15 min)`);
  const json = argv.find((a) => a.startsWith('--json='))?.slice('--json='.length);
  if (json) writeFileSync(json, JSON.stringify({ facts, pg, cfg, appends, pipeline, loadAtEnd: loadavg() }, null, 2));
}

process.once('SIGINT', () => {
  say('\ninterrupted; cleaning up');
  cleanup().finally(() => process.exit(130));
});

main()
  .then(() => process.exit(0))
  .catch(async (e) => {
    process.stderr.write(`bench failed: ${String(e?.stack ?? e)}\n`);
    await cleanup();
    process.exit(1);
  });
