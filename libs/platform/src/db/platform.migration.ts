import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from './migration-schema';

/**
 * The tables every service has in its own schema: the event store (events + streams),
 * the transactional outbox, the consumer inbox, the idempotency keys of HTTP POSTs and
 * the test clock. The schema comes from the connection (see createServiceDataSource).
 */
export class PlatformTables1764230400000 implements MigrationInterface {
  name = 'PlatformTables1764230400000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE ${s}.streams (
        stream_id   text PRIMARY KEY,
        stream_type text NOT NULL,
        version     integer NOT NULL
      )`);
    await q.query(`
      CREATE TABLE ${s}.events (
        global_position bigserial PRIMARY KEY,
        stream_id       text NOT NULL,
        stream_type     text NOT NULL,
        stream_position integer NOT NULL,
        event_id        uuid NOT NULL UNIQUE,
        type            text NOT NULL,
        schema_version  integer NOT NULL DEFAULT 1,
        data            jsonb NOT NULL,
        metadata        jsonb NOT NULL,
        transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
        recorded_at     timestamptz NOT NULL DEFAULT now(),
        UNIQUE (stream_id, stream_position)
      )`);
    await q.query(`CREATE INDEX events_by_type ON ${s}.events (type, global_position)`);
    await q.query(`
      CREATE TABLE ${s}.outbox (
        id          bigserial PRIMARY KEY,
        message_id  uuid NOT NULL UNIQUE,
        topic       text NOT NULL,
        key         text NOT NULL,
        lane        integer NOT NULL,
        value       jsonb NOT NULL,
        headers     jsonb NOT NULL DEFAULT '{}',
        created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
        attempts    integer NOT NULL DEFAULT 0,
        last_error  text,
        sent_at     timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_pending ON ${s}.outbox (lane, id) WHERE sent_at IS NULL`);
    await q.query(`
      CREATE TABLE ${s}.inbox (
        consumer     text NOT NULL,
        message_id   uuid NOT NULL,
        topic        text NOT NULL,
        kafka_partition integer NOT NULL,
        kafka_offset bigint NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, message_id)
      )`);
    await q.query(`
      CREATE TABLE ${s}.idempotency_keys (
        key          text PRIMARY KEY,
        request_hash text NOT NULL,
        status       integer,
        response     jsonb,
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    for (const t of ['idempotency_keys', 'inbox', 'outbox', 'events', 'streams']) await q.query(`DROP TABLE ${s}.${t}`);
  }
}
