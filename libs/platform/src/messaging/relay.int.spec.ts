import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { FormVoided, Topics } from '@fd/contracts';
import { dropSchema, openTestDataSource, probe, testDatabaseUrl, TopicTap, uniqueName } from '../testing';
import { createKafka, ensureTopics } from './kafka';
import { enqueue, integrationEvent } from './outbox';
import { OutboxRelay } from './relay';

const meta = { now: new Date(), actor: { id: 't', role: 'system' as const }, correlationId: 'c', causationId: null };

/** `count` messages spread over `streams` streams; each carries its place in its stream in `reason`. */
async function fillOutbox(ds: DataSource, schema: string, streams: number, count: number) {
  const messages = Array.from({ length: count }, (_, i) =>
    integrationEvent(
      FormVoided,
      { serial: `S${i % streams}`, merchantId: 'm', plannedDate: '2026-10-01', reason: String(Math.floor(i / streams)) },
      meta,
    ),
  );
  for (let i = 0; i < messages.length; i += 500) await ds.transaction((m) => enqueue(m, schema, messages.slice(i, i + 500)));
}

/** Every message arrived, and within each stream the first deliveries come in the order written. */
function expectCompleteAndOrdered(tap: TopicTap, streams: number, count: number) {
  const firstSeen = new Map<string, number[]>();
  const ids = new Set<string>();
  for (const m of tap.seen) {
    const env = m.envelope!;
    if (ids.has(env.id)) continue; // a redelivery after the kill; consumers drop it by id
    ids.add(env.id);
    const p = env.payload as { serial: string; reason: string };
    expect(m.key).toBe(p.serial);
    firstSeen.set(p.serial, [...(firstSeen.get(p.serial) ?? []), Number(p.reason)]);
  }
  expect(ids.size).toBe(count);
  expect(firstSeen.size).toBe(streams);
  for (const seq of firstSeen.values()) expect(seq).toEqual([...seq].sort((a, b) => a - b));
}

describe('OutboxRelay on the real PostgreSQL and Kafka', () => {
  let ds: DataSource;
  let schema: string;
  let prefix: string;
  const kafka = createKafka('relay-test');
  let tap: TopicTap;

  beforeEach(async () => {
    ({ ds, schema } = await openTestDataSource('relay'));
    prefix = `${uniqueName('relay')}.`;
    await ensureTopics(kafka, [`${prefix}${Topics.forms}`]);
    tap = await TopicTap.open(kafka, [`${prefix}${Topics.forms}`]);
  });
  afterEach(async () => {
    await tap.close();
    await ds.destroy();
    await dropSchema(schema);
  });

  it('aRelayKilledMidBatch_thenRestarted_deliversEveryEventInStreamOrder', async () => {
    const streams = 20;
    const count = 4000;
    await fillOutbox(ds, schema, streams, count);
    const sent = async () =>
      Number((await ds.query(`SELECT count(*) FILTER (WHERE sent_at IS NOT NULL) AS n FROM "${schema}".outbox`))[0].n);

    const start = (): ChildProcess =>
      spawn(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'relay-child.ts'), schema, prefix, testDatabaseUrl()], {
        cwd: path.resolve(__dirname, '../../../..'),
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, LOG_LEVEL: 'error' },
      });
    const first = start();
    await probe(sent, (n) => n > 0, { what: 'the first relay to publish something', timeoutMs: 30000, intervalMs: 5 });
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const atKill = await sent();
    expect(atKill).toBeLessThan(count); // it really died with work left

    const second = start();
    try {
      await probe(sent, (n) => n === count, { what: 'the restarted relay to publish the rest', timeoutMs: 60000 });
      await tap.waitFor('every message on the topic', (t) => new Set(t.seen.map((m) => m.envelope?.id)).size >= count, 30000);
    } finally {
      second.kill('SIGKILL');
    }
    expectCompleteAndOrdered(tap, streams, count);
  });

  it('twoRelaysAtOnce_neverPublishARowTwice_andKeepStreamOrder', async () => {
    const streams = 40;
    const count = 2000;
    await fillOutbox(ds, schema, streams, count);
    const relays = [0, 1].map(() => new OutboxRelay({ ds, schema, kafka, topicPrefix: prefix, batchSize: 50 }));
    await Promise.all(relays.map((r) => r.start()));
    try {
      await tap.waitFor('every message on the topic', (t) => t.seen.length >= count, 60000);
      await new Promise((r) => setTimeout(r, 500)); // room for a wrongful second copy to show up
    } finally {
      await Promise.all(relays.map((r) => r.stop()));
    }
    expect(tap.seen).toHaveLength(count);
    expectCompleteAndOrdered(tap, streams, count);
  });

  it('publishedRowsOlderThanTheRetention_arePurged_andUnsentOnesNeverAre', async () => {
    await fillOutbox(ds, schema, 2, 4);
    const relay = new OutboxRelay({ ds, schema, kafka, topicPrefix: prefix });
    await relay.start();
    await tap.waitFor('the four messages', (t) => t.seen.length >= 4);
    await relay.stop();
    await ds.query(
      `UPDATE "${schema}".outbox SET sent_at = now() - interval '8 days' WHERE id IN (SELECT id FROM "${schema}".outbox ORDER BY id LIMIT 3)`,
    );
    await fillOutbox(ds, schema, 1, 1); // written, not yet published
    expect(await relay.purgeSent(7 * 86400000)).toBe(3);
    const left = await ds.query(
      `SELECT count(*) FILTER (WHERE sent_at IS NULL)::int AS unsent, count(*)::int AS total FROM "${schema}".outbox`,
    );
    expect(left[0]).toEqual({ unsent: 1, total: 2 });
  });
});
