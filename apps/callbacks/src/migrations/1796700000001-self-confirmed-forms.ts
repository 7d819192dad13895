import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@fd/platform';

/** When the customer confirmed a form themselves (FormSelfConfirmed): such a form is not sampled for a callback. */
export class SelfConfirmedForms1796700000001 implements MigrationInterface {
  name = 'SelfConfirmedForms1796700000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ${migrationSchema(q)}.forms ADD COLUMN self_confirmed_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ${migrationSchema(q)}.forms DROP COLUMN self_confirmed_at`);
  }
}
