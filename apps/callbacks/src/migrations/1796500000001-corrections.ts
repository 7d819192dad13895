import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@fd/platform';

/**
 * Corrections (docs/rules.md#7-violations-and-penalty-cases): a callback task keeps the
 * correction of its outcome and a finding its withdrawal; the penalty cases decided so far are
 * kept (from PenaltyCaseDecided) so that a correction after a decision is refused at once.
 * The cases decided before this migration were consumed without being kept (only upheld
 * forgeries were): a correction of one of those is not refused here, and the scoring service
 * leaves the decided case as it was (docs/scoring.md).
 */
export class Corrections1796500000001 implements MigrationInterface {
  name = 'Corrections1796500000001';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`ALTER TABLE ${s}.callbacks ADD COLUMN correction jsonb`);
    await q.query(`ALTER TABLE ${s}.findings ADD COLUMN withdrawal jsonb`);
    await q.query(`CREATE TABLE ${s}.decided_cases (case_id text PRIMARY KEY, kind text NOT NULL)`);
    await q.query(`INSERT INTO ${s}.decided_cases (case_id, kind) SELECT case_id, 'forged' FROM ${s}.upheld_forgeries`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP TABLE ${s}.decided_cases`);
    await q.query(`ALTER TABLE ${s}.findings DROP COLUMN withdrawal`);
    await q.query(`ALTER TABLE ${s}.callbacks DROP COLUMN correction`);
  }
}
