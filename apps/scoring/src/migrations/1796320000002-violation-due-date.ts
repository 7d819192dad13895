import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@fd/platform';

/**
 * The deadline a missing form's violation is about, so that missing a later deadline after a
 * reschedule is a violation of its own (docs/rules.md#example-r5-rescheduled-and-missed-again).
 * Rows written before are left without one (treated as the form's only deadline); a rebuild fills it.
 */
export class ViolationDueDate1796320000002 implements MigrationInterface {
  name = 'ViolationDueDate1796320000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ${migrationSchema(q)}.violations ADD COLUMN due_date text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ${migrationSchema(q)}.violations DROP COLUMN due_date`);
  }
}
