import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import type { Envelope, ContractEvent, PayloadOf } from '@fd/contracts';
import type { z } from 'zod';
import type { CommandMetadata } from '../event-store/event-store';
import { DEFAULT_MALL, mallKey, mallOf, requireMall } from '../tenancy/mall';

/** Rows of one key share a lane; one relay owns a lane at a time, so a stream is never reordered. */
export const OUTBOX_LANES = 16;

export function laneOf(key: string): number {
  let h = 0x811c9dc5; // FNV-1a
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % OUTBOX_LANES;
}

export interface OutboxMessage {
  topic: string;
  envelope: Envelope;
}

/** Builds the integration event for the outbox from a contract and a payload (validated here, at the source). */
export function integrationEvent<E extends ContractEvent<string, z.ZodTypeAny>>(
  contract: E,
  payload: PayloadOf<E>,
  meta: CommandMetadata,
): OutboxMessage {
  const parsed = contract.schema.parse(payload);
  const mall = requireMall();
  return {
    topic: contract.topic,
    envelope: {
      id: randomUUID(),
      type: contract.type,
      version: contract.version,
      streamId: contract.key(parsed),
      occurredAt: meta.now.toISOString(),
      correlationId: meta.correlationId,
      causationId: meta.causationId,
      actor: meta.actor,
      ...(mall === DEFAULT_MALL ? {} : { mallId: mall }),
      payload: parsed,
    },
  };
}

/** Writes messages to the outbox; call it in the same transaction as the events they announce. */
export async function enqueue(m: EntityManager, schema: string, messages: OutboxMessage[]): Promise<void> {
  if (messages.length === 0) return;
  const values: unknown[] = [];
  const tuples = messages.map((msg, i) => {
    const key = mallKey(mallOf(msg.envelope), msg.envelope.streamId);
    values.push(msg.envelope.id, msg.topic, key, laneOf(key), JSON.stringify(msg.envelope));
    const b = i * 5;
    return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}::jsonb)`;
  });
  await m.query(`INSERT INTO "${schema}".outbox (message_id, topic, key, lane, value) VALUES ${tuples.join(', ')}`, values);
}
