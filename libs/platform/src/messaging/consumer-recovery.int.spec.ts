import { DataSource } from 'typeorm';
import { deadLetterTopic, FormVoided, Topics } from '@fd/contracts';
import { dropSchema, openTestDataSource, probe, publishEvent, TopicTap, uniqueName } from '../testing';
import { createKafka, ensureTopics } from './kafka';
import { IdempotentConsumer } from './consumer';
import { MetricsRegistry } from '../observability/metrics';

/**
 * A consumer never dies silently (issue "Stay up under load", item 1): on the real broker,
 * with the shortest session the broker allows (6 s), each way a consumer used to be lost
 * under load leaves it a member of its group, and every message handled exactly once.
 */
describe('IdempotentConsumer recovers by itself on the real PostgreSQL and Kafka', () => {
  const SESSION_MS = 6000;
  let ds: DataSource;
  let schema: string;
  let prefix: string;
  let topic: string;
  let consumer: IdempotentConsumer;
  let dlq: TopicTap;
  let metrics: MetricsRegistry;
  const behaviour = new Map<string, () => void | Promise<void>>();
  const kafka = createKafka('consumer-recovery-test');
  const handled = async (serial: string) =>
    ((await ds.query(`SELECT count(*)::int AS n FROM "${schema}".voided WHERE serial = $1`, [serial])) as Array<{ n: number }>)[0].n;
  const voided = (serial: string) =>
    publishEvent(kafka, prefix, FormVoided, { serial, merchantId: 'm1', plannedDate: '2026-10-01', reason: 'x' });

  beforeAll(async () => {
    ({ ds, schema } = await openTestDataSource('recovery'));
    await ds.query(`CREATE TABLE "${schema}".voided (serial text PRIMARY KEY)`);
    prefix = `${uniqueName('recov')}.`;
    topic = `${prefix}${Topics.forms}`;
    await ensureTopics(kafka, [topic, deadLetterTopic(topic)]);
    dlq = await TopicTap.open(kafka, [deadLetterTopic(topic)]);
    metrics = new MetricsRegistry();
    consumer = new IdempotentConsumer({
      ds,
      schema,
      kafka,
      metrics,
      groupId: `${prefix}group`,
      topics: [topic],
      sessionTimeoutMs: SESSION_MS,
      handles: (type) => type === FormVoided.type,
      handle: async (m, env) => {
        const { serial } = env.payload as { serial: string };
        // a plain INSERT: a second effect for the same serial would fail loudly (and be dead-lettered)
        await m.query(`INSERT INTO "${schema}".voided (serial) VALUES ($1)`, [serial]);
        const act = behaviour.get(serial);
        behaviour.delete(serial);
        await act?.();
      },
    });
    await consumer.start();
    await probe(
      async () => consumer.status(),
      (s) => s.member,
      { what: 'the consumer a member of its group' },
    );
  });
  afterAll(async () => {
    await consumer.stop();
    await dlq.close();
    await ds.destroy();
    await dropSchema(schema);
  });

  it('aHandlerThatStallsPastTheSessionTimeout_staysAMember_andItsMessageIsHandledOnce', async () => {
    behaviour.set('slow-1', () => new Promise((r) => setTimeout(r, SESSION_MS + 3000)));
    await voided('slow-1');
    await voided('after-slow');
    await probe(
      () => handled('after-slow'),
      (n) => n === 1,
      { what: 'the message after the slow one', timeoutMs: 30000 },
    );
    expect(await handled('slow-1')).toBe(1);
    expect(consumer.status()).toMatchObject({ member: true, restarts: 0 });
    expect(dlq.seen).toHaveLength(0);
  });

  it('aConsumerEvictedWhileItsEventLoopIsBlocked_rejoinsByItself_andHandlesEachMessageOnce', async () => {
    // what a saturated 2-core machine does to a consumer: no heartbeat can leave the process
    behaviour.set('blocked-1', () => {
      const until = Date.now() + SESSION_MS + 3000;
      while (Date.now() < until);
    });
    await voided('blocked-1');
    await probe(
      () => handled('blocked-1'),
      (n) => n === 1,
      { what: 'the blocking message', timeoutMs: 30000 },
    );
    await voided('after-eviction');
    await probe(
      () => handled('after-eviction'),
      (n) => n === 1,
      { what: 'a message after the eviction', timeoutMs: 60000 },
    );
    await probe(
      async () => consumer.status(),
      (s) => s.member,
      { what: 'the consumer a member again', timeoutMs: 30000 },
    );
    expect(await handled('blocked-1')).toBe(1);
    expect(dlq.seen).toHaveLength(0);
    const rendered = (await metrics.render()).toString();
    expect(rendered).toMatch(/consumer_commits_refused_total\{reason="[A-Z_]+"\} [1-9]/);
  });

  it('aConsumerThatCrashesWithANonRetriableError_isReplaced_countsTheRestart_andHandlesTheMessageOnce', async () => {
    const before = consumer.status().restarts;
    behaviour.set('crash-1', () => {
      // what kafkajs does not restart by itself (e.g. "The coordinator is not aware of this member")
      const cause = Object.assign(new Error('The coordinator is not aware of this member'), {
        name: 'KafkaJSProtocolError',
        type: 'UNKNOWN_MEMBER_ID',
        retriable: false,
      });
      throw Object.assign(new Error(cause.message), { name: 'KafkaJSNonRetriableError', retriable: false, cause });
    });
    await voided('crash-1');
    await voided('after-crash');
    await probe(
      () => handled('after-crash'),
      (n) => n === 1,
      { what: 'the message after the crash', timeoutMs: 60000 },
    );
    expect(await handled('crash-1')).toBe(1);
    expect(consumer.status().restarts).toBeGreaterThan(before);
    expect((await metrics.render()).toString()).toMatch(/consumer_restarts_total\{reason="crashed"\} [1-9]/);
    await probe(
      async () => consumer.readiness(),
      (r) => r === true,
      { what: 'the consumer ready again', timeoutMs: 30000 },
    );
  });
});
