import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Actor, currentVersion, upcast } from '@fd/contracts';
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

export interface EventStoreOptions {
  /**
   * The stream types whose events are contract events, type and payload as the contract says
   * them (a service that keeps what it consumes in its own log, as scoring does). They are
   * appended with the contract's current version in `schema_version` and read back lifted to the
   * current version (docs/architecture.md, "Events over time"). Every other event is the
   * service's own, `schema_version` 1, read as it was written.
   */
  contractStreams?: readonly string[];
}

/**
 * Append-only streams in one service's schema. `append` must run inside the caller's
 * transaction, so that the events, the outbox rows and any inline read model commit together.
 */
export class EventStore {
  private readonly contractStreams: ReadonlySet<string>;

  constructor(
    private readonly schema: string,
    opts: EventStoreOptions = {},
  ) {
    this.contractStreams = new Set(opts.contractStreams ?? []);
  }

  /** A row as the reader wants it: a contract event of an older version lifted to the current one. */
  private fromRow<E extends DomainEvent>(r: EventRow): StoredEvent<E> {
    const e = toStored<E>(r);
    if (!this.contractStreams.has(e.streamType)) return e;
    const { version, payload } = upcast(e.type, e.schemaVersion, e.data);
    return version === e.schemaVersion ? e : { ...e, schemaVersion: version, data: payload as E['data'] };
  }

  private versionOf(streamType: string, type: string): number {
    return (this.contractStreams.has(streamType) && currentVersion(type)) || 1;
  }

  private t(name: string) {
    return `"${this.schema}".${name}`;
  }

  async readStream<E extends DomainEvent>(m: EntityManager, streamId: string): Promise<StoredEvent<E>[]> {
    const rows: EventRow[] = await m.query(`SELECT ${COLUMNS} FROM ${this.t('events')} WHERE stream_id = $1 ORDER BY stream_position`, [
      streamId,
    ]);
    return rows.map((r) => this.fromRow<E>(r));
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
             ON CONFLICT (mall_id, stream_id) DO NOTHING RETURNING stream_id`,
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
        this.versionOf(streamType, e.type),
        JSON.stringify(e.data),
        JSON.stringify(metadata),
      );
      const b = i * 8;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}::jsonb, $${b + 8}::jsonb)`;
    });
    const rows: EventRow[] = await m.query(
      `INSERT INTO ${this.t('events')} (stream_id, stream_type, stream_position, event_id, type, schema_version, data, metadata)
       VALUES ${tuples.join(', ')} RETURNING ${COLUMNS}`,
      values,
    );
    return rows.map((r) => this.fromRow<E>(r));
  }

  /**
   * Reads the global log after `after`. Only events below the oldest transaction still in
   * flight are returned, so a transaction that commits late is never skipped by a reader
   * that has already moved past its position.
   *
   * `writersHeld`: the caller holds every writer of the log off (a rebuild under a lock), so
   * everything committed is the log; it reads all of it, since the writers queued behind its
   * lock are in flight and the usual guard would stop short of events committed before them.
   */
  async readAll(m: EntityManager, after: number, limit = 1000, { writersHeld = false } = {}): Promise<StoredEvent[]> {
    const inFlight = writersHeld ? '' : 'AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())';
    const rows: EventRow[] = await m.query(
      `SELECT ${COLUMNS} FROM ${this.t('events')}
       WHERE global_position > $1 ${inFlight}
       ORDER BY global_position LIMIT $2`,
      [after, limit],
    );
    return rows.map((r) => this.fromRow(r));
  }
}
