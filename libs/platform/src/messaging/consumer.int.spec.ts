import { DataSource } from 'typeorm';
import { deadLetterTopic, FormVoided, Topics } from '@fd/contracts';
import { integrationEvent } from './outbox';
import { dropSchema, openTestDataSource, probe, publishEvent, publishRaw, TopicTap, uniqueName } from '../testing';
import { createKafka, ensureTopics } from './kafka';
import { IdempotentConsumer } from './consumer';
import { deferred } from '../db/before-commit';
import { inMall } from '../tenancy/mall';

describe('IdempotentConsumer on the real PostgreSQL and Kafka', () => {
  let ds: DataSource;
  let schema: string;
  let prefix: string;
  let consumer: IdempotentConsumer;
  let dlq: TopicTap;
  let failuresLeft = 0;
  const kafka = createKafka('consumer-test');
  const voided = async () =>
    (await ds.query(`SELECT serial FROM "${schema}".voided ORDER BY serial`)).map((r: { serial: string }) => r.serial) as string[];

  beforeAll(async () => {
    ({ ds, schema } = await openTestDataSource('consumer'));
    await ds.query(`CREATE TABLE "${schema}".voided (serial text PRIMARY KEY)`);
    // a table of the kind every service has: a row takes the mall of the connection that writes it
    await ds.query(
      `CREATE TABLE "${schema}".seen_in (serial text PRIMARY KEY, mall_id text NOT NULL DEFAULT current_setting('fd.mall', true))`,
    );
    prefix = `${uniqueName('cons')}.`;
    const topic = `${prefix}${Topics.forms}`;
    await ensureTopics(kafka, [topic, deadLetterTopic(topic)]);
    dlq = await TopicTap.open(kafka, [deadLetterTopic(topic)]);
    consumer = new IdempotentConsumer({
      ds,
      schema,
      kafka,
      groupId: `${prefix}group`,
      topics: [topic],
      handles: (type) => type === FormVoided.type,
      maxAttempts: 3,
      handle: async (m, env) => {
        const p = env.payload as { serial: string };
        if (p.serial.startsWith('mall-')) {
          // written just before the commit, as the scores of a chunk are (deferred)
          const pending = deferred(
            m,
            'seen_in',
            () => [] as string[],
            async (serials) => {
              for (const serial of serials) await m.query(`INSERT INTO "${schema}".seen_in (serial) VALUES ($1)`, [serial]);
            },
          );
          pending!.push(p.serial);
          return;
        }
        // a plain INSERT: a second effect for the same serial would fail loudly
        await m.query(`INSERT INTO "${schema}".voided (serial) VALUES ($1)`, [p.serial]);
        if (p.serial.startsWith('flaky') && failuresLeft-- > 0) throw new Error('transient handler failure');
        if (p.serial.startsWith('always-fails')) throw new Error('this message can never be handled');
      },
    });
    await consumer.start();
  });
  afterAll(async () => {
    await consumer.stop();
    await dlq.close();
    await ds.destroy();
    await dropSchema(schema);
  });

  const voidedPayload = (serial: string) => ({ serial, merchantId: 'm1', plannedDate: '2026-10-01', reason: 'cancelled' });

  it('aDuplicatedDelivery_hasOneEffect', async () => {
    const env = await publishEvent(kafka, prefix, FormVoided, voidedPayload('dup-1'));
    await publishEvent(kafka, prefix, FormVoided, voidedPayload('dup-1'), { id: env.id });
    // a marker behind the duplicate on its partition (same key): once it is handled, so was the duplicate
    const marker = integrationEvent(FormVoided, voidedPayload('dup-1-after'), {
      now: new Date(),
      actor: { id: 'test', role: 'system' },
      correlationId: 'c',
      causationId: null,
    });
    await publishRaw(kafka, `${prefix}${Topics.forms}`, env.streamId, JSON.stringify(marker.envelope));
    await publishEvent(kafka, prefix, FormVoided, voidedPayload('dup-2'));
    await probe(voided, (v) => v.includes('dup-2') && v.includes('dup-1-after'), { what: 'dup-2 and the marker handled' });
    expect((await voided()).filter((s) => s.startsWith('dup'))).toEqual(['dup-1', 'dup-1-after', 'dup-2']);
    expect(dlq.seen).toHaveLength(0); // the duplicate was dropped, not dead-lettered
  });

  it('aMalformedMessage_goesToTheDeadLetterTopicWithItsReason_andTheNextGoodOneIsHandled', async () => {
    const topic = `${prefix}${Topics.forms}`;
    await publishRaw(kafka, topic, 'S-bad', '{"this is": "not an envelope"');
    await publishRaw(
      kafka,
      topic,
      'S-bad',
      JSON.stringify({
        id: '6b1d1f55-4a5e-4a47-9c59-7a4a3f1e2c11',
        type: 'FormVoided',
        version: 1,
        streamId: 'S-bad',
        occurredAt: new Date().toISOString(),
        correlationId: 'c',
        causationId: null,
        actor: { id: 'x', role: 'system' },
        payload: { serial: 'S-bad' },
      }),
    );
    await publishEvent(kafka, prefix, FormVoided, voidedPayload('after-bad'));
    await probe(voided, (v) => v.includes('after-bad'), { what: 'the good message after the bad ones' });
    await dlq.waitFor('two dead letters', (t) => t.seen.length >= 2);
    expect(dlq.seen.map((m) => m.headers['dlq-reason'])).toEqual([
      'not JSON',
      expect.stringMatching(/^bad FormVoided payload: .*merchantId/),
    ]);
    expect(dlq.seen[0].headers['dlq-source']).toMatch(new RegExp(`^${topic.replace(/\./g, '\\.')}/\\d+/\\d+$`));
    expect(await voided()).not.toContain('S-bad');
  });

  it('aHandlerThatFailsThenSucceeds_isRetried_andItsFailedAttemptsLeaveNoTrace', async () => {
    failuresLeft = 2;
    await publishEvent(kafka, prefix, FormVoided, voidedPayload('flaky-1'));
    await probe(voided, (v) => v.includes('flaky-1'), { what: 'flaky-1 handled on a retry' });
    expect(failuresLeft).toBeLessThanOrEqual(0);
  });

  it('aBurstHandledInSharedTransactions_countsEachMessageOnce_andDeadLettersOnlyThePoisonOne', async () => {
    const before = dlq.seen.length;
    const meta = { now: new Date(), actor: { id: 't', role: 'system' as const }, correlationId: 'c', causationId: null };
    const burst = Array.from({ length: 250 }, (_, i) =>
      integrationEvent(FormVoided, voidedPayload(i === 120 ? 'always-fails-burst' : `burst-${i}`), meta),
    );
    burst.push(burst[7]); // the same message again, inside the same fetch
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: `${prefix}${Topics.forms}`,
      acks: -1,
      messages: burst.map((b) => ({ key: 'one-partition', value: JSON.stringify(b.envelope) })), // one key: one partition, big batches
    });
    await producer.disconnect();
    await probe(voided, (v) => v.filter((s) => s.startsWith('burst-')).length === 249, {
      what: 'every good message of the burst',
      timeoutMs: 30000,
    });
    await dlq.waitFor('the poison message of the burst', (t) => t.seen.length > before);
    expect(dlq.seen.slice(before).map((m) => m.envelope?.payload)).toEqual([expect.objectContaining({ serial: 'always-fails-burst' })]);
    const counts = await ds.query(`SELECT count(*)::int AS n FROM "${schema}".inbox WHERE message_id = $1`, [burst[7].envelope.id]);
    expect(counts[0].n).toBe(1);
  });

  it('aBurstOfTwoMallsInterleaved_writesEachMessagesEffectInItsOwnMall_evenWhatIsDeferredToTheCommit', async () => {
    const meta = { now: new Date(), actor: { id: 't', role: 'system' as const }, correlationId: 'c', causationId: null };
    const mallOfIndex = (i: number) => (i % 3 === 0 ? 'east' : i % 3 === 1 ? 'main' : 'west');
    const burst = Array.from({ length: 90 }, (_, i) =>
      inMall(mallOfIndex(i), () => integrationEvent(FormVoided, voidedPayload(`mall-${i}`), meta)),
    );
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: `${prefix}${Topics.forms}`,
      acks: -1,
      messages: burst.map((b) => ({ key: 'one-partition', value: JSON.stringify(b.envelope) })), // one partition: chunks mix the malls
    });
    await producer.disconnect();
    const seen = () =>
      ds.query(`SELECT serial, mall_id FROM "${schema}".seen_in ORDER BY serial`) as Promise<Array<{ serial: string; mall_id: string }>>;
    await probe(seen, (rows) => rows.length === 90, { what: 'every message of the two-mall burst', timeoutMs: 30000 });
    for (const row of await seen()) expect(row).toEqual({ serial: row.serial, mall_id: mallOfIndex(Number(row.serial.slice(5))) });
  });

  it('aHandlerThatKeepsFailing_isDeadLettered_andTheConsumerGoesOn', async () => {
    const before = dlq.seen.length;
    await publishEvent(kafka, prefix, FormVoided, voidedPayload('always-fails-1'));
    await publishEvent(kafka, prefix, FormVoided, voidedPayload('after-poison'));
    await probe(voided, (v) => v.includes('after-poison'), { what: 'the message after the poison one' });
    await dlq.waitFor('the poison message dead-lettered', (t) => t.seen.length > before);
    expect(dlq.seen.at(-1)!.headers['dlq-reason']).toContain('this message can never be handled');
    expect(await voided()).not.toContain('always-fails-1'); // its effect was rolled back each time
  });
});
