import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@fd/platform';

/**
 * The administration's review queue (docs/api.md#get-penalty-cases): the open cases, oldest
 * first, and how many there are. A partial index of the open cases alone answers both from the
 * few rows still to decide, however many cases were decided over the years.
 */
export class ReviewQueue1796310000002 implements MigrationInterface {
  name = 'ReviewQueue1796310000002';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`CREATE INDEX penalty_cases_open_oldest_first ON ${s}.penalty_cases (opened_at, case_id) WHERE status = 'open'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ${migrationSchema(q)}.penalty_cases_open_oldest_first`);
  }
}
