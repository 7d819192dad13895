import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@fd/platform';

/**
 * Wrong verification codes: how many each form has had (with the forms), and the
 * administration's list of them, one row per FilingCodeRejected event, written in the
 * transaction of the event. Forms issued before have had none.
 */
export class WrongVerificationCodes1764600000000 implements MigrationInterface {
  name = 'WrongVerificationCodes1764600000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`ALTER TABLE ${s}.forms ADD COLUMN wrong_codes integer NOT NULL DEFAULT 0`);
    await q.query(`
      CREATE TABLE ${s}.wrong_verification_codes (
        id          uuid PRIMARY KEY,
        serial      text NOT NULL,
        merchant_id text NOT NULL,
        user_id     text NOT NULL,
        username    text NOT NULL,
        role        text NOT NULL,
        at          timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX wrong_verification_codes_newest ON ${s}.wrong_verification_codes (at DESC, id DESC)`);
    await q.query(`CREATE INDEX wrong_verification_codes_by_serial ON ${s}.wrong_verification_codes (serial, at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP TABLE ${s}.wrong_verification_codes`);
    await q.query(`ALTER TABLE ${s}.forms DROP COLUMN wrong_codes`);
  }
}
