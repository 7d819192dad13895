import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@fd/platform';

/**
 * The corrective actions as read (docs/rules.md, "Corrective and preventive actions"): one row
 * per action, its whole state as its events leave it. Escalation is read from the status and
 * the due date, so the manager's queue needs no sweeper.
 */
export class CorrectiveActions1796600000002 implements MigrationInterface {
  name = 'CorrectiveActions1796600000002';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE ${s}.corrective_actions (
        action_id   text PRIMARY KEY,
        merchant_id text,
        status      text NOT NULL,
        due_date    date NOT NULL,
        source_ref  text NOT NULL,
        opened_at   timestamptz NOT NULL,
        state       jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX corrective_actions_newest_first ON ${s}.corrective_actions (opened_at DESC, action_id DESC)`);
    await q.query(`CREATE INDEX corrective_actions_by_merchant ON ${s}.corrective_actions (merchant_id, opened_at DESC)`);
    await q.query(
      `CREATE INDEX corrective_actions_unsettled ON ${s}.corrective_actions (due_date) WHERE status IN ('open', 'not_effective')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${migrationSchema(q)}.corrective_actions`);
  }
}
