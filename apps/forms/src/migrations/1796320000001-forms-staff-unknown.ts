import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@fd/platform';

/** The filings still waiting for their staff member's registration, found by staff id when it arrives (a small partial index). */
export class FormsStaffUnknown1796320000001 implements MigrationInterface {
  name = 'FormsStaffUnknown1796320000001';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`CREATE INDEX forms_staff_unknown ON ${s}.forms (staff_id) WHERE uncertified_reason = 'staff_unknown'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ${migrationSchema(q)}.forms_staff_unknown`);
  }
}
