import { ChildProcess, execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { ConfigResourceTypes } from 'kafkajs';
import { DataSource } from 'typeorm';
import { FormVoided, Topics } from '@fd/contracts';
import { dropSchema, openTestDataSource, probe, testDatabaseUrl, TopicTap, uniqueName } from '../testing';
import { createKafka, ensureTopics } from './kafka';
import { enqueue, integrationEvent } from './outbox';
import { OutboxRelay } from './relay';
import { MetricsRegistry } from '../observability/metrics';

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

  /** The relay's LISTEN connection: its backend pid, once it listens. */
  const listenerPid = async (): Promise<number | undefined> =>
    (await ds.query(`SELECT pid FROM pg_stat_activity WHERE query = $1 AND state = 'idle'`, [`LISTEN "${schema}.outbox"`]))[0]?.pid;

  /** Appends one event and answers how long it took to be on Kafka. */
  const appendAndTime = async (serial: string) => {
    const t0 = Date.now();
    await ds.transaction((m) =>
      enqueue(m, schema, [integrationEvent(FormVoided, { serial, merchantId: 'm', plannedDate: '2026-10-01', reason: 'r' }, meta)]),
    );
    await tap.waitFor(`the event of ${serial}`, (t) => t.seen.some((x) => x.key === serial), 10000);
    return Date.now() - t0;
  };

  it('anEventAppended_isOnKafkaAtOnce_woken_notPolled', async () => {
    // with a poll once a minute, only the notification of the commit can bring it within seconds
    const relay = new OutboxRelay({ ds, schema, kafka, topicPrefix: prefix, fallbackPollMs: 60000 });
    await relay.start();
    try {
      await probe(listenerPid, Boolean, { what: 'the relay to listen' });
      await new Promise((r) => setTimeout(r, 300)); // its first pass is over: it sleeps on the minute
      for (const serial of ['S-woken-1', 'S-woken-2']) expect(await appendAndTime(serial)).toBeLessThan(2000);
      expect(relay.health()).toEqual({ ok: true });
    } finally {
      await relay.stop();
    }
  });

  it('aRolledBackAppend_wakesNothing_andPublishesNothing', async () => {
    const relay = new OutboxRelay({ ds, schema, kafka, topicPrefix: prefix, fallbackPollMs: 60000 });
    await relay.start();
    try {
      await ds
        .transaction(async (m) => {
          await enqueue(m, schema, [
            integrationEvent(FormVoided, { serial: 'S-gone', merchantId: 'm', plannedDate: '2026-10-01', reason: 'r' }, meta),
          ]);
          throw new Error('the command failed');
        })
        .catch(() => undefined);
      expect(await appendAndTime('S-kept')).toBeLessThan(2000);
      expect(tap.seen.map((m) => m.key)).toEqual(['S-kept']);
    } finally {
      await relay.stop();
    }
  });

  it('theListenConnectionKilled_isOpenedAgain_andLaterAppendsStillArriveAtOnce', async () => {
    const relay = new OutboxRelay({ ds, schema, kafka, topicPrefix: prefix, fallbackPollMs: 60000 });
    await relay.start();
    try {
      const first = await probe(listenerPid, Boolean, { what: 'the relay to listen' });
      expect(await appendAndTime('S-before')).toBeLessThan(2000);
      await ds.query('SELECT pg_terminate_backend($1)', [first]);
      // appended while nobody listens: found when the relay listens again
      await fillOutbox(ds, schema, 1, 1);
      await probe(listenerPid, (pid) => Boolean(pid) && pid !== first, { what: 'the relay to listen on a new connection' });
      await tap.waitFor('the event appended while the connection was down', (t) => t.seen.some((x) => x.key === 'S0'), 5000);
      expect(relay.listening).toBe(true);
      expect(await appendAndTime('S-after')).toBeLessThan(2000);
    } finally {
      await relay.stop();
    }
  });

  it('aRelayThatCannotPublish_isNotOkOnceItHasFailedLongerThanAllowed_andOkAgainWhenItRecovers', async () => {
    const relay = new OutboxRelay({ ds, schema, kafka, topicPrefix: prefix, unhealthyAfterMs: 500 });
    await relay.start();
    try {
      await ds.query(`ALTER TABLE "${schema}".outbox RENAME TO outbox_away`); // the outbox cannot be read
      const down = await probe(
        async () => relay.health(),
        (h) => !h.ok,
        { what: 'the relay to say it is not ok' },
      );
      expect(down.detail).toMatch(/has not published for \d+ s/);
      await ds.query(`ALTER TABLE "${schema}".outbox_away RENAME TO outbox`);
      await fillOutbox(ds, schema, 1, 1);
      await tap.waitFor('the event written once the outbox is back', (t) => t.seen.length >= 1, 10000);
      await probe(
        async () => relay.health(),
        (h) => h.ok,
        { what: 'the relay to be ok again', timeoutMs: 2000 },
      );
    } finally {
      await relay.stop();
    }
  });

  it('aRelayStuckInAPass_isNotOkOnceItHasBeenStuckLongerThanAllowed', async () => {
    const relay = new OutboxRelay({ ds, schema, kafka, topicPrefix: prefix, unhealthyAfterMs: 500 });
    await relay.start();
    const blocker = ds.createQueryRunner();
    await blocker.connect();
    try {
      await blocker.startTransaction();
      await blocker.query(`LOCK TABLE "${schema}".outbox IN ACCESS EXCLUSIVE MODE`); // its next pass hangs on it
      const stuck = await probe(
        async () => relay.health(),
        (h) => !h.ok,
        { what: 'the relay to say it is stuck' },
      );
      expect(stuck.detail).toMatch(/has been trying to publish for \d+ s/);
      await blocker.commitTransaction();
      await probe(
        async () => relay.health(),
        (h) => h.ok,
        { what: 'the relay to be ok again', timeoutMs: 3000 },
      );
    } finally {
      if (blocker.isTransactionActive) await blocker.rollbackTransaction();
      await blocker.release();
      await relay.stop();
    }
  });

  it('aMessageTheBrokerRefuses_isParkedAfterItsAttempts_holdsBackOnlyItsKey_andIsPublishedOnceReleased', async () => {
    const topic = `${prefix}${Topics.forms}`;
    const admin = kafka.admin();
    await admin.connect();
    const maxMessageBytes = (value: string) =>
      admin.alterConfigs({
        validateOnly: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [{ name: 'max.message.bytes', value }] }],
      });
    const voided = (serial: string, reason: string) =>
      integrationEvent(FormVoided, { serial, merchantId: 'm', plannedDate: '2026-10-01', reason }, meta);
    const reasonsOf = (key: string) => tap.seen.filter((m) => m.key === key).map((m) => (m.envelope!.payload as { reason: string }).reason);
    // S-big's first message is too large for its topic: the broker refuses it, whatever the attempt
    await maxMessageBytes('2000');
    await ds.transaction((m) =>
      enqueue(m, schema, [voided('S-big', 'x'.repeat(5000)), voided('S-big', 'second'), voided('S-other', 'first')]),
    );
    const metrics = new MetricsRegistry();
    const relay = new OutboxRelay({ ds, schema, kafka, topicPrefix: prefix, maxAttempts: 3, metrics });
    await relay.start();
    const cli = (...args: string[]) =>
      promisify(execFile)(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'outbox-cli.ts'), ...args], {
        cwd: path.resolve(__dirname, '../../../..'),
        env: { ...process.env, DATABASE_URL: testDatabaseUrl(), DB_SCHEMA: schema, LOG_LEVEL: 'error' },
      });
    try {
      const [parked] = await probe(
        () => relay.readParked(),
        (p) => p.length === 1,
        { what: 'the refused message to be parked', timeoutMs: 30000 },
      );
      expect(parked).toMatchObject({ key: 'S-big', type: 'FormVoided', attempts: 3, heldBack: 1 });
      expect(parked.lastError).toMatch(/larger than the max message size/);
      expect(relay.health()).toEqual({ ok: true }); // still ready: one refused message must not take the service down

      // the other key flows, before and after the parking; S-big's later messages wait behind the parked one
      await ds.transaction((m) => enqueue(m, schema, [voided('S-other', 'second'), voided('S-big', 'third')]));
      await tap.waitFor('both messages of S-other', () => reasonsOf('S-other').length === 2);
      expect(reasonsOf('S-other')).toEqual(['first', 'second']);
      expect(reasonsOf('S-big')).toEqual([]);
      await probe(
        () => metrics.render(),
        (text) => text.includes(`outbox_held_back{topic="${Topics.forms}"} 2`),
        { what: 'the gauges to show the parked message and the two behind it' },
      );
      expect(await metrics.render()).toContain(`outbox_parked{topic="${Topics.forms}"} 1`);
      await probe(
        async () => relay.details().parked,
        (p) => p[0]?.heldBack === 2,
        { what: '/health to list the parked message with the two behind it' },
      );
      expect((await cli('parked')).stdout).toMatch(
        / forms\.v1 key S-big FormVoided: parked .* after 3 attempts, 2 later message\(s\) of its key waiting; .*max message size/,
      );

      // the cause fixed, an operator releases it: it is published once, then its key's later messages, in order
      await maxMessageBytes('1048588');
      expect((await cli('release', 'all')).stdout).toMatch(/^released \d+ forms\.v1 key S-big\n1 released\n$/);
      await tap.waitFor("S-big's three messages", () => reasonsOf('S-big').length >= 3);
      await new Promise((r) => setTimeout(r, 500)); // room for a wrongful second copy to show up
      expect(reasonsOf('S-big').map((r) => r.slice(0, 6))).toEqual(['xxxxxx', 'second', 'third']);
      expect((await ds.query(`SELECT count(*)::int AS n FROM "${schema}".outbox WHERE sent_at IS NULL`))[0].n).toBe(0);
      expect(await relay.readParked()).toEqual([]);
      expect(await metrics.render()).not.toContain('outbox_parked{');
    } finally {
      await relay.stop();
      await admin.disconnect();
    }
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
