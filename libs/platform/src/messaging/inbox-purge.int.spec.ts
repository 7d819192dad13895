import { DataSource } from 'typeorm';
import { deadLetterTopic, Envelope, FormVoided, Topics } from '@fd/contracts';
import { integrationEvent } from './outbox';
import { dropSchema, openTestDataSource, probe, publishRaw, uniqueName } from '../testing';
import { createKafka, ensureTopics } from './kafka';
import { IdempotentConsumer } from './consumer';

describe('the inbox purged after its retention (real PostgreSQL and Kafka)', () => {
  let ds: DataSource;
  let schema: string;
  let topic: string;
  let consumer: IdempotentConsumer;
  const kafka = createKafka('inbox-purge-test');
  const meta = { now: new Date(), actor: { id: 't', role: 'system' as const }, correlationId: 'c', causationId: null };
  const voided = (serial: string) =>
    integrationEvent(FormVoided, { serial, merchantId: 'm1', plannedDate: '2026-10-01', reason: 'cancelled' }, meta).envelope;
  /** On one key, so one partition: the messages are handled in the order they are published. */
  const publish = (env: Envelope) => publishRaw(kafka, topic, 'one-key', JSON.stringify(env));
  const effects = async () =>
    Object.fromEntries(
      (await ds.query(`SELECT serial, n FROM "${schema}".effects`)).map((r: { serial: string; n: number }) => [r.serial, r.n]),
    );
  const inInbox = async (envs: Envelope[]) =>
    (await ds.query(`SELECT message_id FROM "${schema}".inbox WHERE message_id = ANY($1)`, [envs.map((e) => e.id)])).map(
      (r: { message_id: string }) => r.message_id,
    );

  beforeAll(async () => {
    ({ ds, schema } = await openTestDataSource('inbox'));
    await ds.query(`CREATE TABLE "${schema}".effects (serial text PRIMARY KEY, n int NOT NULL)`);
    topic = `${uniqueName('inbox')}.${Topics.forms}`;
    await ensureTopics(kafka, [topic, deadLetterTopic(topic)]);
    consumer = new IdempotentConsumer({
      ds,
      schema,
      kafka,
      groupId: uniqueName('inbox-group'),
      topics: [topic],
      handles: (type) => type === FormVoided.type,
      // every delivery that gets through counts: a message handled twice shows as n = 2
      handle: async (m, env) => {
        await m.query(`INSERT INTO "${schema}".effects (serial, n) VALUES ($1, 1) ON CONFLICT (serial) DO UPDATE SET n = effects.n + 1`, [
          (env.payload as { serial: string }).serial,
        ]);
      },
      inboxRetentionDays: 14,
      inboxPurgeEveryMs: 1000,
    });
    await consumer.start();
  });
  afterAll(async () => {
    await consumer.stop();
    await ds.destroy();
    await dropSchema(schema);
  });

  it('rowsOlderThanTheRetention_go_recentOnesStay_andARecentMessageDeliveredAgainStillCountsOnce', async () => {
    const [old1, old2, recent] = [voided('old-1'), voided('old-2'), voided('recent')];
    for (const env of [old1, old2, recent]) await publish(env);
    await probe(
      () => inInbox([old1, old2, recent]),
      (ids) => ids.length === 3,
      { what: 'the three messages to be handled' },
    );
    // handled 15 and 20 days ago, as far as the inbox can tell
    await ds.query(`UPDATE "${schema}".inbox SET processed_at = now() - interval '15 days' WHERE message_id = $1`, [old1.id]);
    await ds.query(`UPDATE "${schema}".inbox SET processed_at = now() - interval '20 days' WHERE message_id = $1`, [old2.id]);

    // the running consumer purges by itself
    await probe(
      () => inInbox([old1, old2, recent]),
      (ids) => ids.length === 1,
      { what: 'the old rows to be purged', timeoutMs: 30000 },
    );
    expect(await inInbox([recent])).toEqual([recent.id]);

    // the recent message comes again (a rebalance, a relay that re-sent it): the inbox still drops it
    await publish(recent);
    const after = voided('after');
    await publish(after);
    await probe(
      () => inInbox([after]),
      (ids) => ids.length === 1,
      { what: 'the message published after the repeat' },
    );
    expect(await effects()).toEqual({ 'old-1': 1, 'old-2': 1, recent: 1, after: 1 });
  });

  it('aBacklogOfOldRows_ofAnyConsumer_isPurgedInBatches_untilNoneIsLeft', async () => {
    // what a deployment that never purged holds: more than one batch, some of a group long gone
    await ds.query(
      `INSERT INTO "${schema}".inbox (consumer, message_id, topic, kafka_partition, kafka_offset, processed_at)
       SELECT CASE WHEN g % 2 = 0 THEN 'a-retired-group' ELSE 'this-group' END, gen_random_uuid(), 't', 0, g, now() - interval '40 days'
       FROM generate_series(1, 2500) g`,
    );
    const old = async () =>
      (await ds.query(`SELECT count(*)::int AS n FROM "${schema}".inbox WHERE processed_at < now() - interval '14 days'`))[0].n;
    await probe(old, (n) => n === 0, { what: 'every old row to be purged', timeoutMs: 30000 });
  });
});
