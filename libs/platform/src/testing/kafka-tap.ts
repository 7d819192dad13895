import { randomUUID } from 'node:crypto';
import { Consumer, Kafka } from 'kafkajs';
import type { z } from 'zod';
import { ContractEvent, Envelope, PayloadOf, validateMessage } from '@fd/contracts';
import { integrationEvent } from '../messaging/outbox';
import { probe } from './probe';

/** Publishes a contract event as an upstream service would (straight to Kafka, for a consumer under test). */
export async function publishEvent<E extends ContractEvent<string, z.ZodTypeAny>>(
  kafka: Kafka,
  prefix: string,
  contract: E,
  payload: PayloadOf<E>,
  opts: { now?: Date; id?: string } = {},
): Promise<Envelope> {
  const msg = integrationEvent(contract, payload, {
    now: opts.now ?? new Date(),
    actor: { id: 'test', role: 'system' },
    correlationId: randomUUID(),
    causationId: null,
  });
  if (opts.id) msg.envelope.id = opts.id;
  await publishRaw(kafka, `${prefix}${msg.topic}`, msg.envelope.streamId, JSON.stringify(msg.envelope));
  return msg.envelope;
}

export async function publishRaw(kafka: Kafka, topic: string, key: string, value: string): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: [{ key, value }] });
  } finally {
    await producer.disconnect();
  }
}

export interface TappedMessage {
  topic: string;
  partition: number;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  envelope: Envelope | null;
}

/** Reads everything on some topics from the beginning, for assertions on what a service published. */
export class TopicTap {
  readonly seen: TappedMessage[] = [];
  private constructor(private readonly consumer: Consumer) {}

  static async open(kafka: Kafka, topics: string[]): Promise<TopicTap> {
    const consumer = kafka.consumer({ groupId: `tap-${randomUUID()}`, maxWaitTimeInMs: 100 });
    const tap = new TopicTap(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const checked = validateMessage(message.value);
        tap.seen.push({
          topic,
          partition,
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? null,
          headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
          envelope: checked.ok ? checked.envelope : null,
        });
      },
    });
    return tap;
  }

  envelopes(type?: string): Envelope[] {
    return this.seen.flatMap((m) => (m.envelope && (!type || m.envelope.type === type) ? [m.envelope] : []));
  }

  async waitFor(what: string, ok: (tap: TopicTap) => boolean, timeoutMs = 20000): Promise<void> {
    await probe(async () => this, ok, { timeoutMs, what });
  }

  async close(): Promise<void> {
    await this.consumer.disconnect();
  }
}
