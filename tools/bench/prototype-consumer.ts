// PROTOTYPE, for the benchmark only: not used by any service. A copy of the platform's
// IdempotentConsumer (libs/platform/src/messaging/consumer.ts) with the two changes that
// docs/benchmarks.md measures and recommends:
//
//   1. `partitionsConsumedConcurrently`: kafkajs handles the batches of different partitions
//      at the same time (order within a partition, hence within a stream, is unchanged);
//   2. `transactionPerBatch`: the messages of one fetched batch (up to `maxPerTransaction`)
//      share ONE database transaction with ONE multi-row inbox INSERT, so the round trips of
//      BEGIN / inbox / COMMIT and the WAL flush are paid once per batch instead of once per
//      message. If any message of the chunk fails, the whole chunk rolls back and is handled
//      again one message per transaction (today's path). Offsets are still committed only
//      after the transaction commits.
//
// Retries, dead letters and metrics are kept to what the measurement needs (the fallback
// path neither retries nor dead-letters a failing handler); the platform version would keep
// its full behaviour (see docs/benchmarks.md).
import { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { DataSource, EntityManager } from 'typeorm';
import { deadLetterTopic, Envelope, validateMessage } from '@fd/contracts';
import { Delivery, EventHandler } from '@fd/platform';

/** As in the platform's consumer.ts (not exported there). */
function isInfrastructureError(e: unknown): boolean {
  const code = (e as { code?: string }).code ?? '';
  const name = (e as { name?: string }).name ?? '';
  return (
    /^(08|57P|53)/.test(code) ||
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(code) ||
    name.startsWith('KafkaJS') ||
    /Connection terminated|connection timeout/i.test(String(e))
  );
}

export interface PrototypeConsumerOptions {
  ds: DataSource;
  schema: string;
  kafka: Kafka;
  groupId: string;
  topics: string[];
  handles: (type: string) => boolean;
  handle: EventHandler;
  partitionsConsumedConcurrently: number;
  transactionPerBatch: boolean;
  maxPerTransaction?: number;
}

export class PrototypeConsumer {
  private consumer: Consumer;
  private producer: Producer;

  constructor(private readonly opts: PrototypeConsumerOptions) {
    this.consumer = opts.kafka.consumer({
      groupId: opts.groupId,
      sessionTimeout: 10000,
      heartbeatInterval: 1000,
      maxWaitTimeInMs: 100,
      allowAutoTopicCreation: false,
    });
    this.producer = opts.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  }

  async start(): Promise<void> {
    await this.producer.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.opts.topics, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.opts.partitionsConsumedConcurrently,
      eachBatch: (p) => (this.opts.transactionPerBatch ? this.batchInOneTransaction(p) : this.batchOneByOne(p)),
    });
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
    await this.producer.disconnect();
  }

  /** As the platform does it today: one transaction per message. */
  private async batchOneByOne({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload) {
    let last: string | null = null;
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break;
      const delivery = { topic: batch.topic, partition: batch.partition, offset: message.offset };
      const envelope = await this.checked(delivery, message);
      if (envelope) await this.opts.ds.transaction((m) => this.handleIn(m, delivery, envelope));
      resolveOffset(message.offset);
      last = message.offset;
      await heartbeat();
    }
    if (last !== null) await this.commit(batch.topic, batch.partition, last);
  }

  /**
   * Up to `maxPerTransaction` messages in one transaction: ONE multi-row inbox INSERT for the
   * chunk (its RETURNING says which ids are new), then the handler of each new message, then
   * one COMMIT. If anything fails, that transaction rolls back as a whole (no effect of the
   * chunk is kept) and the chunk is processed again one message per transaction, exactly as
   * the platform does today (retries, dead letters). Infrastructure errors propagate.
   */
  private async batchInOneTransaction(p: EachBatchPayload) {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = p;
    const { ds, schema, groupId } = this.opts;
    const max = this.opts.maxPerTransaction ?? 500;
    for (let i = 0; i < batch.messages.length; i += max) {
      if (!isRunning() || isStale()) break;
      const chunk = batch.messages.slice(i, i + max);
      const todo: Array<{ delivery: Delivery; envelope: Envelope }> = [];
      for (const message of chunk) {
        const delivery = { topic: batch.topic, partition: batch.partition, offset: message.offset };
        const envelope = await this.checked(delivery, message);
        if (envelope) todo.push({ delivery, envelope });
      }
      try {
        if (todo.length)
          await ds.transaction(async (m) => {
            const fresh: Array<{ message_id: string }> = await m.query(
              `INSERT INTO "${schema}".inbox (consumer, message_id, topic, kafka_partition, kafka_offset)
               SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::int[], $5::bigint[])
               ON CONFLICT DO NOTHING RETURNING message_id`,
              [
                groupId,
                todo.map((t) => t.envelope.id),
                todo.map((t) => t.delivery.topic),
                todo.map((t) => t.delivery.partition),
                todo.map((t) => t.delivery.offset),
              ],
            );
            const isNew = new Set(fresh.map((r) => r.message_id));
            for (const t of todo) if (isNew.delete(t.envelope.id)) await this.opts.handle(m, t.envelope, t.delivery);
          });
      } catch (e) {
        if (isInfrastructureError(e)) throw e;
        // one message per transaction, as the platform does (which retries and dead-letters)
        for (const t of todo) await ds.transaction((m) => this.handleIn(m, t.delivery, t.envelope));
      }
      for (const message of chunk) resolveOffset(message.offset);
      await this.commit(batch.topic, batch.partition, chunk[chunk.length - 1].offset);
      await heartbeat();
    }
  }

  private async commit(topic: string, partition: number, last: string) {
    await this.consumer.commitOffsets([{ topic, partition, offset: (BigInt(last) + 1n).toString() }]);
  }

  private async checked(delivery: Delivery, message: KafkaMessage): Promise<Envelope | null> {
    const checked = validateMessage(message.value);
    if (!checked.ok) {
      await this.deadLetter(delivery, message, checked.reason);
      return null;
    }
    return this.opts.handles(checked.envelope.type) ? checked.envelope : null;
  }

  private async handleIn(m: EntityManager, delivery: Delivery, envelope: Envelope): Promise<boolean> {
    const { schema, groupId } = this.opts;
    const inserted: unknown[] = await m.query(
      `INSERT INTO "${schema}".inbox (consumer, message_id, topic, kafka_partition, kafka_offset)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING message_id`,
      [groupId, envelope.id, delivery.topic, delivery.partition, delivery.offset],
    );
    if (inserted.length === 0) return false;
    await this.opts.handle(m, envelope, delivery);
    return true;
  }

  private async deadLetter(delivery: Delivery, message: KafkaMessage, reason: string): Promise<void> {
    await this.producer.send({
      topic: deadLetterTopic(delivery.topic),
      acks: -1,
      messages: [{ key: message.key, value: message.value, headers: { ...(message.headers ?? {}), 'dlq-reason': reason.slice(0, 2000) } }],
    });
  }
}
