import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from './migration-schema';

/**
 * The inbox is purged by age (IdempotentConsumer, INBOX_RETENTION_DAYS): an index on when each
 * row was written lets each small batch of the purge find the oldest rows without reading the
 * table. Its upkeep on an insert is small beside the primary key's: consumers write rows in
 * increasing processed_at order, so they land on the rightmost page.
 */
export class InboxAge1796066006799 implements MigrationInterface {
  name = 'InboxAge1796066006799';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX inbox_by_age ON ${migrationSchema(q)}.inbox (processed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ${migrationSchema(q)}.inbox_by_age`);
  }
}
