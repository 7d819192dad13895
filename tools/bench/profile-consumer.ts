// Where the platform IdempotentConsumer's Node CPU goes: fills a topic with N FormVoided
// messages through the OutboxRelay, then profiles (V8 CPU profile, node:inspector) only the
// consumer draining them, and prints the functions with the most self time, grouped by package.
//   node -r @swc-node/register tools/bench/profile-consumer.ts [N]
// Writes the .cpuprofile to tmp/ (git-ignored) for Chrome DevTools. Not part of `npm run bench`.
import './quiet';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { FormVoided, Topics } from '@fd/contracts';
import { createKafka, enqueue, EventHandler, IdempotentConsumer, integrationEvent, openServiceDataSource, OutboxRelay } from '@fd/platform';
import { deleteTopicsAndGroups } from './pipeline.bench';
import { REPO, sleep } from './util';

const n = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 10000);
const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/feedback_desk_bench';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
}

async function main() {
  const base = `benchprof_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const schema = base;
  const prefix = `${base}.`;
  const topic = `${prefix}${Topics.forms}`;
  const kafka = createKafka(base);
  const ds = await openServiceDataSource({ schema, url, poolSize: 5 });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [topic, `${topic}.dlq`].map((t) => ({ topic: t, numPartitions: 3, replicationFactor: 1 })),
  });
  await admin.disconnect();
  try {
    await ds.query(
      `CREATE TABLE "${schema}".bench_handled (message_id uuid PRIMARY KEY, handled_at timestamptz NOT NULL DEFAULT clock_timestamp())`,
    );
    const meta = {
      now: new Date(),
      actor: { id: 'clerk-0007', role: 'clerk' as const },
      correlationId: randomUUID(),
      causationId: randomUUID(),
    };
    const msgs = Array.from({ length: n }, (_, i) =>
      integrationEvent(
        FormVoided,
        {
          serial: `F-2026-${String(i % 1000).padStart(6, '0')}`,
          merchantId: 'M-0042',
          plannedDate: '2026-10-01',
          reason: 'customer cancelled the installation',
        },
        meta,
      ),
    );
    await ds.transaction(async (m) => {
      for (let i = 0; i < msgs.length; i += 2000) await enqueue(m, schema, msgs.slice(i, i + 2000));
    });
    const relay = new OutboxRelay({ ds, schema, kafka, topicPrefix: prefix });
    await relay.start();
    while (Number((await ds.query(`SELECT count(*)::int AS n FROM "${schema}".outbox WHERE sent_at IS NULL`))[0].n) > 0) await sleep(50);
    await relay.stop();

    let handled = 0;
    const handle: EventHandler = async (m, env) => {
      await m.query(`INSERT INTO "${schema}".bench_handled (message_id) VALUES ($1)`, [env.id]);
      handled++;
    };
    const common = { ds, schema, kafka, groupId: `${prefix}g`, topics: [topic], handles: () => true, handle };
    const consumer = new IdempotentConsumer(common);
    const session = new Session();
    session.connect();
    const post = <T>(method: string, params?: object) =>
      new Promise<T>((res, rej) => session.post(method, params ?? {}, (e, r) => (e ? rej(e) : res(r as T))));
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: 200 });
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await post('Profiler.start');
    await consumer.start();
    while (handled < n) await sleep(10);
    const { profile } = await post<{ profile: { nodes: Node[]; samples: number[] } }>('Profiler.stop');
    const secs = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    await consumer.stop();
    await deleteTopicsAndGroups(kafka, [topic, `${topic}.dlq`], [`${prefix}g`]);

    const dir = path.join(REPO, 'tmp');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${base}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));

    // self time by function and by package
    const total = profile.samples.length;
    const byFn = new Map<string, number>();
    const byPkg = new Map<string, number>();
    for (const node of profile.nodes) {
      if (!node.hitCount) continue;
      const u = node.callFrame.url;
      const pkg = u.includes('node_modules/')
        ? u
            .split('node_modules/')
            .pop()!
            .split('/')
            .slice(0, u.split('node_modules/').pop()!.startsWith('@') ? 2 : 1)
            .join('/')
        : u.includes('/libs/')
          ? `libs/${u.split('/libs/')[1].split('/').slice(0, 2).join('/')}`
          : u.startsWith('node:')
            ? 'node internals'
            : u
              ? path.relative(REPO, u.replace('file://', ''))
              : `(${node.callFrame.functionName || 'native'})`;
      const fn = `${node.callFrame.functionName || '(anonymous)'} ${pkg}:${node.callFrame.lineNumber + 1}`;
      byFn.set(fn, (byFn.get(fn) ?? 0) + node.hitCount);
      byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + node.hitCount);
    }
    const top = (m: Map<string, number>, k: number) =>
      [...m]
        .sort((a, b) => b[1] - a[1])
        .slice(0, k)
        .map(([name, hits]) => `  ${((100 * hits) / total).toFixed(1).padStart(5)}%  ${name}`)
        .join('\n');
    console.log(
      `platform IdempotentConsumer: ${n} messages in ${secs.toFixed(2)} s = ${Math.round(n / secs)} msg/s;` +
        ` node CPU ${(((cpu.user + cpu.system) / 1e6 / n) * 1e6).toFixed(0)} µs/msg (${Math.round(((cpu.user + cpu.system) / 1e6 / secs) * 100)}% of a core)`,
    );
    console.log(
      `profile: ${file}\nself time by package (idle included):\n${top(byPkg, 15)}\ntop functions by self time:\n${top(byFn, 30)}`,
    );
  } finally {
    await ds.destroy();
    const c = new Client({ connectionString: url });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await c.end();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
