import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from './migration-schema';

/**
 * An outbox row the broker refuses is retried with a backoff (`retry_at`) and, after
 * OUTBOX_MAX_ATTEMPTS refusals, parked (`parked_at`) until an operator releases it; meanwhile the
 * later rows of its key wait behind it (relay.ts). The index finds the rows that hold a key: the
 * relay asks it for every row it considers, and it is empty while all goes well.
 */
export class OutboxParking1796066600000 implements MigrationInterface {
  name = 'OutboxParking1796066600000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`ALTER TABLE ${s}.outbox ADD COLUMN retry_at timestamptz, ADD COLUMN parked_at timestamptz`);
    await q.query(
      `CREATE INDEX outbox_holding ON ${s}.outbox (lane, key) WHERE sent_at IS NULL AND (parked_at IS NOT NULL OR retry_at IS NOT NULL)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP INDEX ${s}.outbox_holding`);
    await q.query(`ALTER TABLE ${s}.outbox DROP COLUMN parked_at, DROP COLUMN retry_at`);
  }
}
