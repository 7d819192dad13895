#!/usr/bin/env node
// Proves that the Node client (kafkajs, pinned 2.2.4 in the repo) works against the local broker
// started by tools/kafka/kafka.sh. Exercises exactly what the services rely on:
//   admin createTopics (explicit, 3 partitions, RF 1) -> idempotent producer (acks=-1, keyed)
//   -> consumer group, per-key order, manual commits -> second consumer of the same group resumes
//   after the committed offsets -> admin fetchTopicOffsets / fetchOffsets (lag) -> two concurrent
//   members split the partitions -> deleteGroups / deleteTopics. Also checks that auto-creation is off.
//
//   node tools/kafka/compat-check.mjs            (broker: KAFKA_BOOTSTRAP or 127.0.0.1:${KAFKA_PORT:-9092})
//
// Prints PASS/FAIL per step; exits 1 on the first failure (later steps are skipped, the topic is still
// deleted), 0 when all pass. Resolves kafkajs from the repo's node_modules (or NODE_PATH).
import { createRequire } from 'node:module';

// createRequire: resolves kafkajs from the repo's node_modules (walking up from this file),
// and also honours NODE_PATH, which ESM `import` does not.
const require = createRequire(import.meta.url);
let kafkajs;
try {
  kafkajs = require('kafkajs');
} catch (err) {
  console.error('FAIL  load kafkajs: ' + err.message + '\n      (install deps first, e.g. npm ci; or run with NODE_PATH=<dir>/node_modules)');
  process.exit(1);
}
const { Kafka, logLevel, Partitioners } = kafkajs;
const kafkajsVersion = (() => {
  try { return require('kafkajs/package.json').version; } catch { return 'unknown'; }
})();

const BOOTSTRAP = process.env.KAFKA_BOOTSTRAP || `127.0.0.1:${process.env.KAFKA_PORT || 9092}`;
const RUN = `${Date.now().toString(36)}-${process.pid}`;
const TOPIC = `compat-check-${RUN}`;
const GROUP = `compat-check-${RUN}`;
const KEYS = Array.from({ length: 12 }, (_, i) => `key-${i}`);
const PER_KEY_1 = 25; // first batch: 12 keys x 25 = 300 messages
const PER_KEY_2 = 10; // second batch, consumed by the resuming consumer: 120 messages
const PER_KEY_3 = 10; // third batch, shared by two concurrent members of the group: 120 messages
const STEP_TIMEOUT_MS = Number(process.env.COMPAT_STEP_TIMEOUT_MS || 30000);

// Collect what kafkajs logs at WARN/ERROR, and Node process warnings: they are the caveats to report.
const clientLogs = [];
const logCreator = () => ({ namespace, level, label, log }) => {
  if (level <= logLevel.WARN) {
    const { message, ...extra } = log;
    delete extra.timestamp;
    delete extra.logger;
    clientLogs.push(`${label} [${namespace}] ${message} ${JSON.stringify(extra)}`);
  }
};
const processWarnings = [];
process.on('warning', (w) => processWarnings.push(`${w.name}: ${w.message}`));

const kafka = new Kafka({
  clientId: 'compat-check',
  brokers: [BOOTSTRAP],
  logLevel: logLevel.WARN,
  logCreator,
  connectionTimeout: 3000,
  requestTimeout: 10000,
});

const results = [];
let failed = false;

async function step(name, fn) {
  if (failed) {
    results.push({ name, status: 'SKIP' });
    console.log(`SKIP  ${name}`);
    return undefined;
  }
  const t0 = Date.now();
  let timer;
  try {
    const detail = await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${STEP_TIMEOUT_MS} ms`)), STEP_TIMEOUT_MS);
      }),
    ]);
    const ms = Date.now() - t0;
    results.push({ name, status: 'PASS' });
    console.log(`PASS  ${name} (${ms} ms)${detail ? ' - ' + detail : ''}`);
    return detail;
  } catch (err) {
    failed = true;
    results.push({ name, status: 'FAIL' });
    console.log(`FAIL  ${name}: ${err && err.stack ? err.stack : err}`);
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

const admin = kafka.admin();
const producer = kafka.producer({
  idempotent: true, // kafkajs then insists on acks=-1 and retries "forever"
  maxInFlightRequests: 1, // not enforced by kafkajs, but needed for per-key ordering under retries
  // Explicit partitioner: the Java-compatible murmur2 one (kafkajs 2.x default), which also
  // silences kafkajs' "default partitioner changed" warning.
  createPartitioner: Partitioners.DefaultPartitioner,
  allowAutoTopicCreation: false, // kafkajs defaults to true; the broker refuses anyway (see step below)
});

// Produces `perKey` messages for every key, values `${key}:${seq}` with seq continuing from `from`.
async function produce(from, perKey) {
  let sent = 0;
  // Several sends, keys interleaved, so every partition gets several batches.
  for (let s = from; s < from + perKey; s += 5) {
    const messages = [];
    for (let seq = s; seq < Math.min(s + 5, from + perKey); seq++) {
      for (const key of KEYS) messages.push({ key, value: `${key}:${seq}`, headers: { run: RUN } });
    }
    const meta = await producer.send({ topic: TOPIC, acks: -1, messages });
    for (const m of meta) assert(m.errorCode === 0, `produce error ${JSON.stringify(m)}`);
    sent += messages.length;
  }
  return sent;
}

// Runs one consumer of GROUP until `expected` messages arrived; commits each message's offset
// manually (autoCommit off). Checks per-key order: seq for a key must go nextSeq[key], +1, ...
async function consume(label, expected, nextSeq) {
  const consumer = kafka.consumer({
    groupId: GROUP,
    sessionTimeout: 10000,
    heartbeatInterval: 1000,
    rebalanceTimeout: 10000,
    maxWaitTimeInMs: 200,
    allowAutoTopicCreation: false,
  });
  const seen = [];
  const partitionsSeen = new Set();
  let orderError = null;
  let done;
  const finished = new Promise((resolve) => { done = resolve; });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [TOPIC], fromBeginning: true });
    let joinedAt = null;
    consumer.on(consumer.events.GROUP_JOIN, (e) => { joinedAt = e.payload; });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        const key = message.key.toString();
        const [vk, seqStr] = message.value.toString().split(':');
        const seq = Number(seqStr);
        if (vk !== key) orderError ??= `value ${message.value} under key ${key}`;
        if (seq !== nextSeq[key]) orderError ??= `${label}: key ${key} got seq ${seq}, expected ${nextSeq[key]} (p${partition} @${message.offset})`;
        nextSeq[key] = seq + 1;
        partitionsSeen.add(partition);
        seen.push(message.value.toString());
        await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
        if (seen.length >= expected) done();
      },
    });
    await finished;
    // Give a wrongly-resumed consumer the chance to deliver extra (duplicate) messages.
    await new Promise((r) => setTimeout(r, 500));
    assert(!orderError, orderError);
    assert(seen.length === expected, `${label}: expected ${expected} messages, got ${seen.length}`);
    assert(new Set(seen).size === seen.length, `${label}: duplicates received`);
    const assigned = joinedAt?.memberAssignment?.[TOPIC] || [];
    return `${seen.length} msgs from partitions [${[...partitionsSeen].sort()}], per-key order ok, ` +
      `joined group as ${joinedAt?.isLeader ? 'leader' : 'member'}, assigned [${[...assigned].sort()}]`;
  } finally {
    await consumer.disconnect().catch(() => {});
  }
}

async function lag() {
  const high = await admin.fetchTopicOffsets(TOPIC);
  const [committed] = await admin.fetchOffsets({ groupId: GROUP, topics: [TOPIC] });
  const byPartition = {};
  let total = 0;
  for (const h of high) {
    const c = committed.partitions.find((p) => p.partition === h.partition);
    const cOff = c && Number(c.offset) >= 0 ? Number(c.offset) : Number(h.low);
    byPartition[h.partition] = Number(h.high) - cOff;
    total += Number(h.high) - cOff;
  }
  return { total, byPartition, high, committed: committed.partitions };
}

const nextSeq = Object.fromEntries(KEYS.map((k) => [k, 0]));
const total1 = KEYS.length * PER_KEY_1;
const total2 = KEYS.length * PER_KEY_2;
let topicCreated = false;

console.log(`kafkajs ${kafkajsVersion} against ${BOOTSTRAP}; topic ${TOPIC}`);

await step('admin connect + describeCluster', async () => {
  await admin.connect();
  const c = await admin.describeCluster();
  assert(c.brokers.length >= 1, 'no brokers in metadata');
  return `cluster ${c.clusterId}, brokers ${c.brokers.map((b) => `${b.nodeId}@${b.host}:${b.port}`).join(',')}, controller ${c.controller}`;
});

await step('admin createTopics (3 partitions, RF 1, explicit)', async () => {
  const created = await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic: TOPIC, numPartitions: 3, replicationFactor: 1 }],
  });
  assert(created === true, 'createTopics returned false (topic already existed?)');
  topicCreated = true;
  const md = await admin.fetchTopicMetadata({ topics: [TOPIC] });
  const parts = md.topics[0].partitions;
  assert(parts.length === 3, `expected 3 partitions, got ${parts.length}`);
  assert(parts.every((p) => p.replicas.length === 1 && p.leader >= 0), 'unexpected replicas/leader');
  return `partitions ${parts.map((p) => `${p.partitionId}(leader ${p.leader})`).join(', ')}`;
});

await step('broker refuses auto topic creation (auto.create.topics.enable=false)', async () => {
  const missing = `${TOPIC}-missing`;
  const p = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: true, // ask for it: the broker must still say no
    retry: { retries: 1, initialRetryTime: 100 },
  });
  await p.connect();
  let err = null;
  try {
    await p.send({ topic: missing, acks: -1, messages: [{ key: 'k', value: 'v' }] });
  } catch (e) {
    err = e;
  } finally {
    await p.disconnect().catch(() => {});
  }
  assert(err, `send to ${missing} succeeded: the broker auto-created it`);
  const topics = await admin.listTopics();
  assert(!topics.includes(missing), `${missing} exists`);
  return `send failed as expected (${err.name}: ${String(err.message).slice(0, 60)})`;
});

await step(`idempotent producer, acks=-1, ${total1} keyed messages`, async () => {
  await producer.connect();
  const n = await produce(0, PER_KEY_1);
  return `${n} sent`;
});

await step('admin fetchTopicOffsets (end offsets = messages sent)', async () => {
  const offs = await admin.fetchTopicOffsets(TOPIC);
  const sum = offs.reduce((a, o) => a + Number(o.high) - Number(o.low), 0);
  assert(sum === total1, `expected ${total1} records, offsets say ${sum}`);
  return offs.map((o) => `p${o.partition}:${o.low}-${o.high}`).join(' ');
});

await step(`consumer #1 joins group, consumes all ${total1} in per-key order, commits manually`, () =>
  consume('consumer #1', total1, nextSeq));

await step('admin fetchOffsets: committed = end offsets (lag 0)', async () => {
  const l = await lag();
  assert(l.total === 0, `lag ${l.total}: ${JSON.stringify(l.byPartition)}`);
  return `committed ${l.committed.map((p) => `p${p.partition}:${p.offset}`).join(' ')}`;
});

await step(`producer sends ${total2} more; lag from fetchTopicOffsets - fetchOffsets = ${total2}`, async () => {
  await produce(PER_KEY_1, PER_KEY_2);
  const l = await lag();
  assert(l.total === total2, `expected lag ${total2}, got ${l.total}: ${JSON.stringify(l.byPartition)}`);
  return `lag per partition ${JSON.stringify(l.byPartition)}`;
});

await step(`consumer #2 (same group) resumes after committed offsets: exactly the ${total2} new`, () =>
  consume('consumer #2', total2, nextSeq));

await step('admin fetchOffsets after consumer #2 (lag 0)', async () => {
  const l = await lag();
  assert(l.total === 0, `lag ${l.total}: ${JSON.stringify(l.byPartition)}`);
  return 'lag 0';
});

// Two members at once: the group must rebalance and split the 3 partitions between them.
await step(`two concurrent consumers in the group split the partitions and get the next ${KEYS.length * PER_KEY_3}`, async () => {
  await produce(PER_KEY_1 + PER_KEY_2, PER_KEY_3);
  const expected = KEYS.length * PER_KEY_3;
  const members = [0, 1].map(() => kafka.consumer({
    groupId: GROUP, sessionTimeout: 10000, heartbeatInterval: 500, rebalanceTimeout: 10000, maxWaitTimeInMs: 200, allowAutoTopicCreation: false,
  }));
  const got = [new Set(), new Set()];
  const assigned = [[], []];
  let count = 0;
  let orderError = null;
  let done;
  const finished = new Promise((r) => { done = r; });
  try {
    await Promise.all(members.map(async (c, i) => {
      c.on(c.events.GROUP_JOIN, (e) => { assigned[i] = e.payload.memberAssignment[TOPIC] || []; });
      await c.connect();
      await c.subscribe({ topics: [TOPIC], fromBeginning: true });
      await c.run({
        autoCommit: false,
        eachMessage: async ({ topic, partition, message }) => {
          const key = message.key.toString();
          const seq = Number(message.value.toString().split(':')[1]);
          if (seq !== nextSeq[key]) orderError ??= `member ${i}: key ${key} got seq ${seq}, expected ${nextSeq[key]}`;
          nextSeq[key] = seq + 1;
          got[i].add(partition);
          count++;
          await c.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
          if (count >= expected) done();
        },
      });
    }));
    // Both members must hold partitions at the same time (the final assignment after the rebalance).
    for (let i = 0; i < 100 && !(assigned[0].length && assigned[1].length); i++) await new Promise((r) => setTimeout(r, 100));
    await finished;
    await new Promise((r) => setTimeout(r, 500));
    assert(!orderError, orderError);
    assert(count === expected, `expected ${expected} messages, got ${count}`);
    assert(assigned[0].length && assigned[1].length, `assignment not split: ${JSON.stringify(assigned)}`);
    assert(!assigned[0].some((p) => assigned[1].includes(p)), `overlapping assignment ${JSON.stringify(assigned)}`);
    const l = await lag();
    assert(l.total === 0, `lag ${l.total} after both members`);
    return `assignment ${JSON.stringify(assigned)}, ${count} msgs, per-key order ok, lag 0`;
  } finally {
    await Promise.all(members.map((c) => c.disconnect().catch(() => {})));
  }
});

// Cleanup steps run even after a failure (they are not skipped), so no topic is left behind.
const wasFailed = failed;
failed = false;
await step('admin deleteGroups + deleteTopics', async () => {
  if (!topicCreated) return 'nothing to delete';
  await admin.deleteGroups([GROUP]).catch((e) => { if (!wasFailed) throw e; });
  await admin.deleteTopics({ topics: [TOPIC], timeout: 10000 });
  for (let i = 0; i < 50; i++) {
    const topics = await admin.listTopics();
    if (!topics.includes(TOPIC)) return 'topic gone from listTopics';
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('topic still listed after deleteTopics');
});
failed = failed || wasFailed;

await producer.disconnect().catch(() => {});
await admin.disconnect().catch(() => {});

if (clientLogs.length) {
  console.log(`\nkafkajs logged ${clientLogs.length} warning/error line(s) (kafkajs logs every error response at ERROR,` +
    ` even retriable ones it recovers from: a coordinator still loading after a broker start, a rebalance` +
    ` in progress, and the refused auto-creation above are expected):`);
  for (const l of [...new Set(clientLogs)].slice(0, 30)) console.log('  ' + l);
}
if (processWarnings.length) {
  console.log('\nNode process warnings:');
  for (const w of [...new Set(processWarnings)]) console.log('  ' + w);
}

const passed = results.filter((r) => r.status === 'PASS').length;
const failedN = results.filter((r) => r.status === 'FAIL').length;
const skipped = results.filter((r) => r.status === 'SKIP').length;
console.log(`\n${failed ? 'FAIL' : 'PASS'}: kafkajs ${kafkajsVersion} against ${BOOTSTRAP}`);
console.log(`compat-check: ${passed} passed, ${failedN} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
