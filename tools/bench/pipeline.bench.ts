// Outbox -> OutboxRelay -> Kafka -> IdempotentConsumer, against a bare kafkajs producer and
// Kafka's own ProducerPerformance on the same broker.
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { FormVoided, Topics } from '@fd/contracts';
import { CommandMetadata, EventHandler, IdempotentConsumer, OutboxMessage, OutboxRelay, enqueue, integrationEvent } from '@fd/platform';
import { PrototypeMultiLaneRelay } from './prototype-relay';
import { CpuReport, CpuWindow, PgPids, REPO, cpuSummary, fmt, now, pgPidsOf, sleep } from './util';

export interface PipelineOptions {
  ds: DataSource;
  schema: string;
  kafka: Kafka;
  /** e.g. `bench_xxx.`; every topic and group of this run starts with it */
  prefix: string;
  n: number;
  /** distinct stream ids (Kafka keys) the messages are spread over */
  streams: number;
  warmup: number;
  pacedMs: number;
  /** rounds of the bare producer and relay cases (interleaved; the median is reported) */
  rounds: number;
  /** paced loads (msg/s) for the latency figures; 0 means 30% of the measured end-to-end throughput */
  pacedRates: number[];
  /** relay configurations tried on their own (no consumer), besides the default */
  relayVariants: Array<{ batchSize: number; relays: number }>;
  /** also measure the prototype relay (tools/bench/prototype-relay.ts), on its own and end to end */
  prototypes: boolean;
  /** stop after the producer-side cases (no end-to-end cases): for working on the relay */
  relayOnly?: boolean;
}

export interface Drain {
  label: string;
  msgsPerSec: number;
  seconds: number;
  cpu: CpuReport;
  /** every round's figure, when there were several (msgsPerSec is their median) */
  rounds?: number[];
}

/** The round with the median throughput (its CPU figures are that round's), with all rounds' figures. */
function medianDrain(ds: Drain[]): Drain {
  const sorted = [...ds].sort((a, b) => a.msgsPerSec - b.msgsPerSec);
  return { ...sorted[Math.floor((sorted.length - 1) / 2)], rounds: ds.map((d) => d.msgsPerSec) };
}

export interface Latency {
  p50: number;
  p99: number;
  max: number;
}

export interface PerfResult {
  recordsPerSec: number;
  mbPerSec: number;
  avgMs: number;
  p50: number;
  p99: number;
  line: string;
}

export interface E2EResult {
  label: string;
  relay: Drain;
  endToEnd: Drain;
  backlogLatency: Latency;
  enqueuePerSec: number;
  paced?: Array<{ rate: number; count: number; latency: Latency; waitInOutbox: Latency; afterPickup: Latency }>;
}

export interface PipelineResult {
  envelopeBytes: number;
  bareKafkajs: Drain;
  producerPerformance: PerfResult | null;
  producerPerformanceKeyed: PerfResult | null;
  relayAlone: Drain[];
  e2e: E2EResult[];
}

/**
 * The end-to-end cases: the platform's relay and consumer, then the platform's consumer with
 * the prototype of a changed relay (tools/bench/prototype-relay.ts). (A prototype consumer was
 * measured here too until the platform adopted it; docs/benchmarks.md keeps its figures.)
 */
export const E2E_CASES: Array<{ label: string; multiLaneRelay: boolean; paced: boolean }> = [
  { label: 'platform relay + consumer', multiLaneRelay: false, paced: true },
  { label: 'PROTOTYPE relay: all lanes in one pass + platform consumer', multiLaneRelay: true, paced: true },
];

const actor = { id: 'clerk-0007', role: 'clerk' as const };

/** `count` FormVoided integration events over `streams` keys; the correlation id carries the phase. */
function messages(phase: string, count: number, streams: number, offset = 0): OutboxMessage[] {
  return Array.from({ length: count }, (_, j) => {
    const i = offset + j;
    const meta: CommandMetadata = { now: new Date(), actor, correlationId: `${phase}:${randomUUID()}`, causationId: randomUUID() };
    const serial = `F-2026-${String(i % streams).padStart(6, '0')}`;
    return integrationEvent(
      FormVoided,
      { serial, merchantId: 'M-0042', plannedDate: '2026-10-01', reason: 'customer cancelled the installation' },
      meta,
    );
  });
}

/** Writes all messages in ONE transaction (several INSERTs of 2 000 rows), so they become visible at once. */
async function enqueueAll(ds: DataSource, schema: string, msgs: OutboxMessage[]): Promise<void> {
  await ds.transaction(async (m) => {
    for (let i = 0; i < msgs.length; i += 2000) await enqueue(m, schema, msgs.slice(i, i + 2000));
  });
}

async function waitUntil(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number, intervalMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** The topics and consumer groups one run creates (all named after its prefix), so they can be deleted. */
export function pipelineNames(prefix: string) {
  const relayTopicPrefix = `${prefix}relay.`;
  const e2e = E2E_CASES.map((_, i) => ({
    topicPrefix: `${prefix}e2e${i}.`,
    topic: `${prefix}e2e${i}.${Topics.forms}`,
    groupId: `${prefix}e2e${i}`,
  }));
  const bareTopic = `${prefix}bare`;
  const perfTopic = `${prefix}perf`;
  const perfKeyedTopic = `${prefix}perfkeyed`;
  return {
    relayTopicPrefix,
    relayTopic: `${relayTopicPrefix}${Topics.forms}`,
    e2e,
    bareTopic,
    perfTopic,
    perfKeyedTopic,
    topics: [
      `${relayTopicPrefix}${Topics.forms}`,
      ...e2e.flatMap((e) => [e.topic, `${e.topic}.dlq`]),
      bareTopic,
      perfTopic,
      perfKeyedTopic,
    ],
    groups: e2e.map((e) => e.groupId),
  };
}

async function createTopics(kafka: Kafka, topics: string[]) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ waitForLeaders: true, topics: topics.map((topic) => ({ topic, numPartitions: 3, replicationFactor: 1 })) });
  } finally {
    await admin.disconnect();
  }
}

export async function deleteTopicsAndGroups(kafka: Kafka, topics: string[], groups: string[]) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const g of groups) await admin.deleteGroups([g]).catch(() => undefined); // absent when that case did not run
    const existing = new Set(await admin.listTopics());
    const mine = topics.filter((t) => existing.has(t));
    if (mine.length) await admin.deleteTopics({ topics: mine, timeout: 30000 });
  } finally {
    await admin.disconnect();
  }
}

async function latency(ds: DataSource, sql: string, params: unknown[]): Promise<Latency> {
  const [r] = await ds.query(
    `SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_disc(0.99) WITHIN GROUP (ORDER BY ms) AS p99, max(ms) AS max
     FROM (${sql}) x`,
    params,
  );
  return { p50: Number(r.p50), p99: Number(r.p99), max: Number(r.max) };
}

/**
 * Kafka's own producer benchmark, from the broker's jars. With `extra` empty this is exactly
 * `ProducerPerformance --topic t --num-records n --record-size s --throughput -1 --bootstrap-server ..
 * --command-property acks=all`, and its (last) summary line is parsed; with `--warmup-records` the
 * last line is the steady-state summary.
 */
function runProducerPerformance(topic: string, n: number, recordSize: number, extra: string[] = []): Promise<PerfResult | null> {
  const cp = execFileSync('bash', [path.join(REPO, 'tools/kafka/kafka.sh'), 'classpath'], { encoding: 'utf8' }).trim();
  const args = [
    '-Xmx256m',
    '-cp',
    cp,
    'org.apache.kafka.tools.ProducerPerformance',
    '--topic',
    topic,
    '--num-records',
    String(n),
    '--record-size',
    String(recordSize),
    '--throughput',
    '-1',
    '--bootstrap-server',
    '127.0.0.1:9092',
    ...extra,
    '--command-property',
    'acks=all',
  ];
  return new Promise((resolve, reject) => {
    const p = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('error', reject);
    p.on('exit', (code) => {
      // "20000 records sent, 81967.2 records/sec (31.43 MB/sec), 95.05 ms avg latency, 287.00 ms max latency, 96 ms 50th, 268 ms 95th, 283 ms 99th, 287 ms 99.9th."
      const line = out
        .trim()
        .split('\n')
        .reverse()
        .find((l) => /records sent,.*records\/sec.*50th/.test(l));
      const m =
        line &&
        /records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\), ([\d.]+) ms avg latency.*?, (\d+) ms 50th, \d+ ms 95th, (\d+) ms 99th/.exec(
          line,
        );
      if (code !== 0 || !m) {
        process.stderr.write(`ProducerPerformance failed (exit ${code}):\n${out.slice(-2000)}\n${err.slice(-2000)}\n`);
        resolve(null);
        return;
      }
      resolve({
        recordsPerSec: Number(m[1]),
        mbPerSec: Number(m[2]),
        avgMs: Number(m[3]),
        p50: Number(m[4]),
        p99: Number(m[5]),
        line: line!,
      });
    });
  });
}

export async function benchPipeline(o: PipelineOptions, say: (s: string) => void): Promise<PipelineResult> {
  const { ds, schema, kafka, prefix, n } = o;
  const names = pipelineNames(prefix);
  const pgPids = pgPidsOf(ds);
  await createTopics(kafka, names.topics);
  say(`  topics: ${names.topics.length} created under ${prefix}* (3 partitions, RF 1)`);

  const sample = messages('size', 1000, o.streams);
  const envelopeBytes = Math.round(sample.reduce((a, m) => a + Buffer.byteLength(JSON.stringify(m.envelope)), 0) / sample.length);
  say(`  envelope: ${envelopeBytes} bytes of JSON on average (FormVoided), key 13 bytes, 3 headers`);

  // ---- baseline 1: a bare kafkajs producer, same messages, same producer settings as the relay, sends of 500 ----
  // ---- and the relay on its own: N rows committed at once, time until every row is marked sent ----
  // Interleaved in rounds (bare, relay configs, bare, ...) so that drift in the machine's load hits all alike.
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  const toKafka = (msgs: OutboxMessage[]) =>
    msgs.map((m) => ({
      key: m.envelope.streamId,
      value: JSON.stringify(m.envelope),
      headers: { 'message-id': m.envelope.id, type: m.envelope.type, version: String(m.envelope.version) },
    }));
  await producer.send({ topic: names.bareTopic, acks: -1, messages: toKafka(messages('warm', 500, o.streams)) });
  const pending = async () => Number((await ds.query(`SELECT count(*)::int AS n FROM "${schema}".outbox WHERE sent_at IS NULL`))[0].n);
  const configs = [
    ...[{ batchSize: 500, relays: 1 }, ...o.relayVariants].map((cfg) => ({
      ...cfg,
      prototype: false,
      label: `OutboxRelay batch ${cfg.batchSize}${cfg.relays > 1 ? `, ${cfg.relays} relays (lanes in parallel)` : cfg.batchSize === 500 ? ' (default)' : ''}`,
    })),
    ...(o.prototypes ? [{ batchSize: 500, relays: 1, prototype: true, label: 'PROTOTYPE relay: all lanes in one pass, batch 500' }] : []),
  ];
  const bareRounds: Drain[] = [];
  const relayRounds: Drain[][] = configs.map(() => []);
  for (let round = 1; round <= o.rounds; round++) {
    const bareMsgs = toKafka(messages('bare', n, o.streams));
    const cpu = await CpuWindow.start(pgPids);
    const t0 = now();
    for (let i = 0; i < bareMsgs.length; i += 500)
      await producer.send({ topic: names.bareTopic, acks: -1, messages: bareMsgs.slice(i, i + 500) });
    const secs = (now() - t0) / 1000;
    const d: Drain = {
      label: 'bare kafkajs producer (idempotent, acks -1, sends of 500)',
      msgsPerSec: n / secs,
      seconds: secs,
      cpu: await cpu.stop(),
    };
    bareRounds.push(d);
    say(`  round ${round}/${o.rounds} bare kafkajs: ${fmt(d.msgsPerSec)} msg/s (${secs.toFixed(2)} s); ${cpuSummary(d.cpu, n, 'msg')}`);

    for (const [k, cfg] of configs.entries()) {
      const relays = Array.from({ length: cfg.relays }, () => {
        const ro = { ds, schema, kafka, topicPrefix: names.relayTopicPrefix, batchSize: cfg.batchSize };
        return cfg.prototype ? new PrototypeMultiLaneRelay(ro) : new OutboxRelay(ro);
      });
      for (const r of relays) await r.start();
      await enqueueAll(ds, schema, messages('relay-warm', 500, o.streams)); // connections, JIT, metadata
      await waitUntil('relay warm-up', async () => (await pending()) === 0, 60000);
      await enqueueAll(ds, schema, messages('relay', n, o.streams));
      const cpu = await CpuWindow.start(pgPids);
      const t0 = now();
      await waitUntil('relay drain', async () => (await pending()) === 0, 600000);
      const secs = (now() - t0) / 1000;
      const d: Drain = { label: cfg.label, msgsPerSec: n / secs, seconds: secs, cpu: await cpu.stop() };
      for (const r of relays) await r.stop();
      relayRounds[k].push(d);
      say(`  round ${round}/${o.rounds} ${cfg.label}: ${fmt(d.msgsPerSec)} msg/s (${secs.toFixed(2)} s); ${cpuSummary(d.cpu, n, 'msg')}`);
      await ds.query(`TRUNCATE "${schema}".outbox`);
      await ds.query(`VACUUM ANALYZE "${schema}".outbox`);
    }
  }
  await producer.disconnect();
  const bareKafkajs = medianDrain(bareRounds);
  const relayAlone = relayRounds.map(medianDrain);

  // ---- baseline 2: Kafka's ProducerPerformance (Java client, its defaults + acks=all) ----
  const producerPerformance = await runProducerPerformance(names.perfTopic, n, envelopeBytes);
  if (producerPerformance) say(`  ProducerPerformance: ${producerPerformance.line}`);
  const warm = Math.min(5000, Math.round(n / 4));
  const producerPerformanceKeyed = await runProducerPerformance(names.perfKeyedTopic, n + warm, envelopeBytes, [
    '--warmup-records',
    String(warm),
    '--key-distribution',
    'range',
    '--record-key-range',
    String(o.streams),
  ]);
  if (producerPerformanceKeyed) say(`  ProducerPerformance, ${o.streams} keys, ${warm} warm-up records: ${producerPerformanceKeyed.line}`);

  // ---- end to end: relay (default settings) + a consumer whose handler inserts one row ----
  await ds.query(`CREATE TABLE "${schema}".bench_handled (
    message_id uuid PRIMARY KEY, phase text NOT NULL, handled_at timestamptz NOT NULL DEFAULT clock_timestamp())`);
  const handled = new Map<string, number>();
  const handle: EventHandler = async (m, env) => {
    const phase = env.correlationId.slice(0, env.correlationId.indexOf(':'));
    await m.query(`INSERT INTO "${schema}".bench_handled (message_id, phase) VALUES ($1, $2)`, [env.id, phase]);
    handled.set(phase, (handled.get(phase) ?? 0) + 1); // may count a message whose transaction later rolls back; none do here
  };
  const e2e: E2EResult[] = [];
  for (const [i, c] of E2E_CASES.entries()) {
    if (o.relayOnly || (c.multiLaneRelay && !o.prototypes)) continue;
    const { topicPrefix, topic, groupId } = names.e2e[i];
    const consumer = new IdempotentConsumer({ ds, schema, kafka, groupId, topics: [topic], handles: (t) => t === FormVoided.type, handle });
    say(`  end to end with the ${c.label}:`);
    e2e.push(
      await endToEnd(
        {
          ...o,
          pgPids,
          pending,
          handled,
          consumer,
          topicPrefix,
          label: c.label,
          tag: `c${i}`,
          paced: c.paced,
          multiLaneRelay: c.multiLaneRelay,
        },
        say,
      ),
    );
  }
  return { envelopeBytes, bareKafkajs, producerPerformance, producerPerformanceKeyed, relayAlone, e2e };
}

async function endToEnd(
  o: PipelineOptions & {
    pgPids: PgPids;
    pending: () => Promise<number>;
    handled: Map<string, number>;
    consumer: { start(): Promise<void>; stop(): Promise<void> };
    topicPrefix: string;
    label: string;
    tag: string;
    paced: boolean;
    multiLaneRelay: boolean;
  },
  say: (s: string) => void,
): Promise<E2EResult> {
  const { ds, schema, kafka, n, consumer, handled, pending, tag } = o;
  const relay = o.multiLaneRelay
    ? new PrototypeMultiLaneRelay({ ds, schema, kafka, topicPrefix: o.topicPrefix })
    : new OutboxRelay({ ds, schema, kafka, topicPrefix: o.topicPrefix });
  const count = (phase: string) => handled.get(`${tag}-${phase}`) ?? 0;
  const lat = (phase: string, from = 'o.created_at', to = 'h.handled_at') =>
    latency(
      ds,
      `SELECT extract(epoch FROM ${to} - ${from}) * 1000 AS ms FROM "${schema}".bench_handled h
       JOIN "${schema}".outbox o ON o.message_id = h.message_id WHERE h.phase = $1`,
      [`${tag}-${phase}`],
    );
  try {
    await consumer.start();
    await relay.start();
    await enqueueAll(ds, schema, messages(`${tag}-warm`, o.warmup, o.streams));
    await waitUntil('the consumer to join and handle the warm-up messages', () => count('warm') >= o.warmup, 120000);

    // backlog: N rows committed at once while relay and consumer are idle and warm
    const msgs = messages(`${tag}-backlog`, n, o.streams);
    const te = now();
    await enqueueAll(ds, schema, msgs);
    const t0 = now();
    const enqueuePerSec = n / ((t0 - te) / 1000);
    let cpu = await CpuWindow.start(o.pgPids);
    let relayDone: Drain | null = null;
    let handledAtRelayDone = 0;
    await waitUntil(
      'end to end',
      async () => {
        if (!relayDone && (await pending()) === 0) {
          const s = (now() - t0) / 1000;
          relayDone = { label: 'OutboxRelay batch 500 (default), consumer running', msgsPerSec: n / s, seconds: s, cpu: await cpu.stop() };
          handledAtRelayDone = count('backlog');
          cpu = await CpuWindow.start(o.pgPids);
        }
        return count('backlog') >= n;
      },
      1800000,
    );
    const secs = (now() - t0) / 1000;
    const afterRelay = await cpu.stop();
    const relay_ = relayDone ?? { label: 'OutboxRelay', msgsPerSec: n / secs, seconds: secs, cpu: afterRelay };
    const endToEnd: Drain = { label: `end to end, ${o.label}`, msgsPerSec: n / secs, seconds: secs, cpu: afterRelay };
    say(`    relay: ${fmt(relay_.msgsPerSec)} msg/s (${relay_.seconds.toFixed(2)} s); ${cpuSummary(relay_.cpu)}`);
    say(
      `    end to end: ${fmt(endToEnd.msgsPerSec)} msg/s (${secs.toFixed(2)} s); once the relay was done: ${cpuSummary(afterRelay, n - handledAtRelayDone, 'msg')}`,
    );
    await sleep(200); // the last handler transaction commits
    const backlogLatency = await lat('backlog');
    say(`    latency created_at -> handled under the backlog: p50 ${fmt(backlogLatency.p50)} ms, p99 ${fmt(backlogLatency.p99)} ms`);
    const result: E2EResult = { label: o.label, relay: relay_, endToEnd, backlogLatency, enqueuePerSec };
    if (!o.paced) return result;

    // paced loads: one message per transaction, at steady rates below capacity
    result.paced = [];
    for (const wanted of o.pacedRates) {
      const rate = wanted || Math.max(50, Math.min(500, Math.round((0.3 * endToEnd.msgsPerSec) / 50) * 50));
      const phase = `paced${rate}`;
      let written = 0;
      const pacedStart = now();
      const writers: Promise<void>[] = [];
      while (now() - pacedStart < o.pacedMs) {
        const due = Math.floor(((now() - pacedStart) / 1000) * rate);
        while (written < due) {
          const m = messages(`${tag}-${phase}`, 1, o.streams, written);
          written++;
          writers.push(ds.transaction((em) => enqueue(em, schema, m)));
        }
        await sleep(2);
      }
      await Promise.all(writers);
      await waitUntil('paced messages handled', () => count(phase) >= written, 120000);
      await sleep(200);
      const p = {
        rate,
        count: written,
        latency: await lat(phase),
        waitInOutbox: await lat(phase, 'o.created_at', 'o.sent_at'),
        afterPickup: await lat(phase, 'o.sent_at', 'h.handled_at'),
      };
      result.paced.push(p);
      say(
        `    paced ${rate}/s x ${written}: created_at -> handled p50 ${fmt(p.latency.p50, 1)} ms, p99 ${fmt(p.latency.p99, 1)} ms, max ${fmt(p.latency.max, 1)} ms` +
          ` (created_at -> relay pick-up p50 ${fmt(p.waitInOutbox.p50, 1)} / p99 ${fmt(p.waitInOutbox.p99, 1)} ms;` +
          ` pick-up -> handled p50 ${fmt(p.afterPickup.p50, 1)} / p99 ${fmt(p.afterPickup.p99, 1)} ms)`,
      );
    }
    return result;
  } finally {
    await relay.stop().catch(() => undefined);
    await consumer.stop().catch(() => undefined);
  }
}
