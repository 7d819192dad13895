import { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { DataSource, EntityManager } from 'typeorm';
import { deadLetterTopic, Envelope, validateMessage } from '@fd/contracts';
import { correlation, log } from '../observability/logger';
import { MetricsRegistry } from '../observability/metrics';
import { Problem } from '../http/problem';
import { sleep } from './relay';

export interface Delivery {
  topic: string;
  partition: number;
  offset: string;
}

/** Runs inside the transaction that also records the message id: its effect and the inbox row commit together. */
export type EventHandler = (m: EntityManager, envelope: Envelope, delivery: Delivery) => Promise<void>;

export interface ConsumerOptions {
  ds: DataSource;
  schema: string;
  kafka: Kafka;
  groupId: string;
  topics: string[];
  /** The event types this consumer acts on; others on the same topics are passed over. */
  handles: (type: string) => boolean;
  handle: EventHandler;
  maxAttempts?: number;
  metrics?: MetricsRegistry;
}

/** At most this many messages share one database transaction. */
const MESSAGES_PER_TRANSACTION = 100;

/** An error that will not go away by retrying (a bad payload, a refused command): straight to the dead letters. */
export class PoisonMessage extends Error {}

function isInfrastructureError(e: unknown): boolean {
  const code = (e as { code?: string }).code ?? '';
  const name = (e as { name?: string }).name ?? '';
  return (
    /^(08|57P|53)/.test(code) || // PostgreSQL connection, shutdown, resources
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(code) ||
    name.startsWith('KafkaJS') ||
    /Connection terminated|connection timeout/i.test(String(e))
  );
}

/**
 * At-least-once delivery, exactly-once processing: each message's id goes into the inbox
 * in the same transaction as the handler's effect, so a redelivery changes nothing.
 * Offsets are committed only after that transaction. A message that fails validation,
 * or keeps failing, goes to `<topic>.dlq` with the reason, and the consumer goes on.
 * Infrastructure failures are not the message's fault: the consumer stops and resumes
 * from the last committed offset instead of dead-lettering.
 */
export class IdempotentConsumer {
  private consumer: Consumer;
  private producer: Producer;
  private readonly maxAttempts: number;
  private readonly processed;
  private readonly deadLettered;
  private readonly latency;

  constructor(private readonly opts: ConsumerOptions) {
    this.maxAttempts = opts.maxAttempts ?? 5;
    this.consumer = opts.kafka.consumer({
      groupId: opts.groupId,
      sessionTimeout: 10000,
      heartbeatInterval: 1000,
      maxWaitTimeInMs: 100,
      allowAutoTopicCreation: false,
    });
    this.producer = opts.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    const m = opts.metrics ?? new MetricsRegistry();
    this.processed = m.counter('consumer_messages_total', 'Messages handled, by result');
    this.deadLettered = m.counter('consumer_dead_letters_total', 'Messages sent to a dead-letter topic');
    this.latency = m.histogram('consumer_handler_seconds', 'Time to handle one message, transaction included');
    m.gauge('consumer_lag', 'Messages on the topic not yet committed by this group', () => this.lag());
  }

  async start(): Promise<void> {
    await this.producer.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.opts.topics, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        for (let i = 0; i < batch.messages.length; i += MESSAGES_PER_TRANSACTION) {
          if (!isRunning() || isStale()) break;
          const chunk = batch.messages.slice(i, i + MESSAGES_PER_TRANSACTION);
          await this.processChunk(batch.topic, batch.partition, chunk);
          const last = chunk[chunk.length - 1].offset;
          resolveOffset(last);
          await this.consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }]);
          await heartbeat();
        }
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
    await this.producer.disconnect();
  }

  /**
   * The messages of a fetched chunk share one transaction (one inbox insert, one commit),
   * which is where most of a message's cost went (docs/benchmarks.md). If anything in the
   * chunk fails, the whole transaction rolls back and the chunk is handled again one message
   * per transaction, with retries and dead letters for the message at fault.
   */
  private async processChunk(topic: string, partition: number, messages: KafkaMessage[]): Promise<void> {
    const todo: Array<{ delivery: Delivery; message: KafkaMessage; envelope: Envelope }> = [];
    for (const message of messages) {
      const delivery = { topic, partition, offset: message.offset };
      const checked = validateMessage(message.value);
      if (!checked.ok) await this.deadLetter(delivery, message, checked.reason);
      else if (!this.opts.handles(checked.envelope.type)) this.processed.inc({ type: checked.envelope.type, result: 'ignored' });
      else todo.push({ delivery, message, envelope: checked.envelope });
    }
    if (todo.length === 0) return;
    if (todo.length > 1) {
      const started = process.hrtime.bigint();
      try {
        const handled = await this.handleTogether(todo);
        const seconds = Number(process.hrtime.bigint() - started) / 1e9 / todo.length;
        for (const t of todo) {
          this.latency.observe({ type: t.envelope.type }, seconds);
          this.processed.inc({ type: t.envelope.type, result: handled.has(t) ? 'handled' : 'duplicate' });
        }
        return;
      } catch (e) {
        if (isInfrastructureError(e)) throw e; // kafkajs restarts the consumer from the committed offset
        log.warn('a chunk failed; handling its messages one by one', { topic, partition, error: String(e) });
      }
    }
    for (const t of todo) await this.process(t.delivery, t.message, t.envelope);
  }

  /** Handles a chunk in one transaction; returns the entries that were new (not in the inbox before). */
  private async handleTogether<T extends { delivery: Delivery; envelope: Envelope }>(todo: T[]): Promise<Set<T>> {
    const { ds, schema, groupId } = this.opts;
    return ds.transaction(async (m) => {
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
      const handled = new Set<T>();
      for (const t of todo) {
        if (!isNew.delete(t.envelope.id)) continue; // already processed, or twice in this chunk
        await correlation.run({ correlationId: t.envelope.correlationId }, () => this.opts.handle(m, t.envelope, t.delivery));
        handled.add(t);
      }
      return handled;
    });
  }

  private async process(delivery: Delivery, message: KafkaMessage, envelope: Envelope): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const started = process.hrtime.bigint();
      try {
        const done = await correlation.run({ correlationId: envelope.correlationId }, () => this.handleOnce(delivery, envelope));
        this.latency.observe({ type: envelope.type }, Number(process.hrtime.bigint() - started) / 1e9);
        this.processed.inc({ type: envelope.type, result: done ? 'handled' : 'duplicate' });
        return;
      } catch (e) {
        if (isInfrastructureError(e)) throw e; // kafkajs restarts the consumer from the committed offset
        const poison = e instanceof PoisonMessage || e instanceof Problem || (e as Error)?.name === 'ZodError';
        if (poison || attempt >= this.maxAttempts)
          return this.deadLetter(delivery, message, `${(e as Error)?.name}: ${(e as Error)?.message}`);
        log.warn('handler failed; retrying', { type: envelope.type, attempt, error: String(e) });
        await sleep(50 * 2 ** attempt);
      }
    }
  }

  /** Returns false when the message had already been processed. */
  private async handleOnce(delivery: Delivery, envelope: Envelope): Promise<boolean> {
    const { ds, schema, groupId } = this.opts;
    return ds.transaction(async (m) => {
      const inserted: unknown[] = await m.query(
        `INSERT INTO "${schema}".inbox (consumer, message_id, topic, kafka_partition, kafka_offset)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING message_id`,
        [groupId, envelope.id, delivery.topic, delivery.partition, delivery.offset],
      );
      if (inserted.length === 0) return false;
      await this.opts.handle(m, envelope, delivery);
      return true;
    });
  }

  private async deadLetter(delivery: Delivery, message: KafkaMessage, reason: string): Promise<void> {
    log.error('message sent to dead letters', { ...delivery, reason });
    this.deadLettered.inc({ topic: delivery.topic });
    await this.producer.send({
      topic: deadLetterTopic(delivery.topic),
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...(message.headers ?? {}),
            'dlq-reason': reason.slice(0, 2000),
            'dlq-consumer': this.opts.groupId,
            'dlq-source': `${delivery.topic}/${delivery.partition}/${delivery.offset}`,
          },
        },
      ],
    });
  }

  private async lag(): Promise<Array<[Record<string, string>, number]>> {
    const admin = this.opts.kafka.admin();
    await admin.connect();
    try {
      const out: Array<[Record<string, string>, number]> = [];
      const committed = await admin.fetchOffsets({ groupId: this.opts.groupId, topics: this.opts.topics });
      for (const t of committed) {
        const ends = await admin.fetchTopicOffsets(t.topic);
        let lag = 0;
        for (const p of t.partitions) {
          const end = Number(ends.find((e) => e.partition === p.partition)?.high ?? 0);
          const at = Number(p.offset) < 0 ? 0 : Number(p.offset);
          lag += Math.max(0, end - at);
        }
        out.push([{ topic: t.topic }, lag]);
      }
      return out;
    } finally {
      await admin.disconnect();
    }
  }
}
