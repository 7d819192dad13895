import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import type { Actor } from '@fd/contracts';
import { ConflictProblem } from '../http/problem';

/** What every command brings with it: who, why, and the time it happens (never read inside the logic). */
export interface CommandMetadata {
  now: Date;
  actor: Actor;
  correlationId: string;
  causationId: string | null;
}

export interface EventMetadata {
  eventId: string;
  correlationId: string;
  causationId: string | null;
  actor: Actor;
  occurredAt: string;
}

import type { DomainEvent } from '@fd/kernel';
export type { DomainEvent };

export interface StoredEvent<E extends DomainEvent = DomainEvent> {
  globalPosition: number;
  streamId: string;
  streamType: string;
  streamPosition: number;
  schemaVersion: number;
  type: E['type'];
  data: E['data'];
  metadata: EventMetadata;
  recordedAt: string;
}

export class StreamVersionConflict extends ConflictProblem {
  constructor(streamId: string, expected: number) {
    super('STALE_VERSION', `Someone changed ${streamId} at the same time (expected version ${expected}). Reload and try again.`);
  }
}

interface EventRow {
  global_position: string;
  stream_id: string;
  stream_type: string;
  stream_position: number;
  schema_version: number;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  recorded_at: Date;
}

function toStored<E extends DomainEvent>(r: EventRow): StoredEvent<E> {
  return {
    globalPosition: Number(r.global_position),
    streamId: r.stream_id,
    streamType: r.stream_type,
    streamPosition: r.stream_position,
    schemaVersion: r.schema_version,
    type: r.type as E['type'],
    data: r.data as E['data'],
    metadata: r.metadata,
    recordedAt: new Date(r.recorded_at).toISOString(),
  };
}

const COLUMNS = 'global_position, stream_id, stream_type, stream_position, schema_version, type, data, metadata, recorded_at';

/**
 * Append-only streams in one service's schema. `append` must run inside the caller's
 * transaction, so that the events, the outbox rows and any inline read model commit together.
 */
export class EventStore {
  constructor(private readonly schema: string) {}

  private t(name: string) {
    return `"${this.schema}".${name}`;
  }

  async readStream<E extends DomainEvent>(m: EntityManager, streamId: string): Promise<StoredEvent<E>[]> {
    const rows: EventRow[] = await m.query(`SELECT ${COLUMNS} FROM ${this.t('events')} WHERE stream_id = $1 ORDER BY stream_position`, [
      streamId,
    ]);
    return rows.map((r) => toStored<E>(r));
  }

  /**
   * Appends events after `expectedVersion` (0 for a new stream). A stale expected version
   * is refused with StreamVersionConflict; the streams row lock serialises writers of one
   * stream, so stream order equals commit order.
   */
  async append<E extends DomainEvent>(
    m: EntityManager,
    streamId: string,
    streamType: string,
    expectedVersion: number,
    events: E[],
    meta: CommandMetadata,
  ): Promise<StoredEvent<E>[]> {
    if (events.length === 0) return [];
    const next = expectedVersion + events.length;
    const claimed: unknown[] =
      expectedVersion === 0
        ? await m.query(
            `INSERT INTO ${this.t('streams')} (stream_id, stream_type, version) VALUES ($1, $2, $3)
             ON CONFLICT (stream_id) DO NOTHING RETURNING stream_id`,
            [streamId, streamType, next],
          )
        : await m.query(`UPDATE ${this.t('streams')} SET version = $3 WHERE stream_id = $1 AND version = $2 RETURNING stream_id`, [
            streamId,
            expectedVersion,
            next,
          ]);
    const changed = Array.isArray(claimed[0]) ? (claimed[0] as unknown[]) : claimed; // UPDATE answers [rows, count]
    if (changed.length === 0) throw new StreamVersionConflict(streamId, expectedVersion);

    const occurredAt = meta.now.toISOString();
    const values: unknown[] = [];
    const tuples = events.map((e, i) => {
      const metadata: EventMetadata = {
        eventId: randomUUID(),
        correlationId: meta.correlationId,
        causationId: meta.causationId,
        actor: meta.actor,
        occurredAt,
      };
      values.push(
        streamId,
        streamType,
        expectedVersion + i + 1,
        metadata.eventId,
        e.type,
        JSON.stringify(e.data),
        JSON.stringify(metadata),
      );
      const b = i * 7;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}::jsonb, $${b + 7}::jsonb)`;
    });
    const rows: EventRow[] = await m.query(
      `INSERT INTO ${this.t('events')} (stream_id, stream_type, stream_position, event_id, type, data, metadata)
       VALUES ${tuples.join(', ')} RETURNING ${COLUMNS}`,
      values,
    );
    return rows.map((r) => toStored<E>(r));
  }

  /**
   * Reads the global log after `after`. Only events below the oldest transaction still in
   * flight are returned, so a transaction that commits late is never skipped by a reader
   * that has already moved past its position.
   */
  async readAll(m: EntityManager, after: number, limit = 1000): Promise<StoredEvent[]> {
    const rows: EventRow[] = await m.query(
      `SELECT ${COLUMNS} FROM ${this.t('events')}
       WHERE global_position > $1 AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY global_position LIMIT $2`,
      [after, limit],
    );
    return rows.map((r) => toStored(r));
  }
}
