// PROTOTYPE, for the benchmark only: not used by any service. EventStore.append
// (libs/platform/src/event-store/event-store.ts) with the SAME two statements (claim the
// streams row, insert the events), run as NAMED PREPARED statements on the pg client of the
// caller's TypeORM transaction. TypeORM's EntityManager.query sends every statement unnamed,
// so PostgreSQL parses, analyses and plans it again on every append; a named statement is
// planned once per connection (pg keeps the name per client, PostgreSQL the plan per session).
// The statement text depends only on the schema and the number of events, so a handful of
// names cover every append. Optionally (`leanReturning`) it RETURNs only what the database
// decides (global_position, recorded_at) and builds the StoredEvents from what it sent.
// docs/benchmarks.md has the figures.
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { EntityManager } from 'typeorm';
import { CommandMetadata, DomainEvent, EventMetadata, StoredEvent, StreamVersionConflict } from '@fd/platform';

// as in event-store.ts (not exported there)
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
const COLUMNS = 'global_position, stream_id, stream_type, stream_position, schema_version, type, data, metadata, recorded_at';

export class PrototypePreparedEventStore {
  constructor(
    private readonly schema: string,
    private readonly opts: { leanReturning: boolean },
  ) {}

  private t(name: string) {
    return `"${this.schema}".${name}`;
  }

  async append<E extends DomainEvent>(
    m: EntityManager,
    streamId: string,
    streamType: string,
    expectedVersion: number,
    events: E[],
    meta: CommandMetadata,
  ): Promise<StoredEvent<E>[]> {
    if (events.length === 0) return [];
    if (!m.queryRunner) throw new Error('append must run inside a transaction');
    const client: PoolClient = await m.queryRunner.connect(); // the transaction's own pg client
    const next = expectedVersion + events.length;
    const name = (what: string) => `es:${this.schema}:${what}`;
    const claim =
      expectedVersion === 0
        ? await client.query({
            name: name('claim-new'),
            text: `INSERT INTO ${this.t('streams')} (stream_id, stream_type, version) VALUES ($1, $2, $3)
                   ON CONFLICT (stream_id) DO NOTHING RETURNING stream_id`,
            values: [streamId, streamType, next],
          })
        : await client.query({
            name: name('claim'),
            text: `UPDATE ${this.t('streams')} SET version = $3 WHERE stream_id = $1 AND version = $2 RETURNING stream_id`,
            values: [streamId, expectedVersion, next],
          });
    if (claim.rowCount === 0) throw new StreamVersionConflict(streamId, expectedVersion);

    const occurredAt = meta.now.toISOString();
    const values: unknown[] = [];
    const sent: Array<{ type: string; data: string; metadata: string }> = [];
    const tuples = events.map((e, i) => {
      const metadata: EventMetadata = {
        eventId: randomUUID(),
        correlationId: meta.correlationId,
        causationId: meta.causationId,
        actor: meta.actor,
        occurredAt,
      };
      const s = { type: e.type, data: JSON.stringify(e.data), metadata: JSON.stringify(metadata) };
      sent.push(s);
      values.push(streamId, streamType, expectedVersion + i + 1, metadata.eventId, e.type, s.data, s.metadata);
      const b = i * 7;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}::jsonb, $${b + 7}::jsonb)`;
    });
    const lean = this.opts.leanReturning;
    const { rows } = await client.query<EventRow>({
      name: name(`insert-${events.length}${lean ? '-lean' : ''}`),
      text: `INSERT INTO ${this.t('events')} (stream_id, stream_type, stream_position, event_id, type, data, metadata)
             VALUES ${tuples.join(', ')} RETURNING ${lean ? 'global_position, recorded_at' : COLUMNS}`,
      values,
    });
    return rows.map((r, i) => ({
      globalPosition: Number(r.global_position),
      streamId: lean ? streamId : r.stream_id,
      streamType: lean ? streamType : r.stream_type,
      streamPosition: lean ? expectedVersion + i + 1 : r.stream_position,
      schemaVersion: lean ? 1 : r.schema_version, // 1: the column default; append never sets it
      type: (lean ? sent[i].type : r.type) as E['type'],
      data: (lean ? JSON.parse(sent[i].data) : r.data) as E['data'],
      metadata: lean ? (JSON.parse(sent[i].metadata) as EventMetadata) : r.metadata,
      recordedAt: new Date(r.recorded_at).toISOString(),
    }));
  }
}
