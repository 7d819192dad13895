import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@fd/platform';

/**
 * The customer's own confirmation (docs/rules.md, "The customer's own confirmation"): the phone of
 * each purchase (to check its last 4 digits and send the one-time code), each form's link token,
 * the one-time codes (hashed), the leaky buckets that limit tries, and the SMS test inbox.
 */
export class SelfConfirmation1796500000001 implements MigrationInterface {
  name = 'SelfConfirmation1796500000001';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`CREATE TABLE ${s}.purchase_phones (purchase_id text PRIMARY KEY, phone text NOT NULL)`);
    await q.query(
      `ALTER TABLE ${s}.forms ADD COLUMN confirm_token text, ADD COLUMN self_confirmed_at timestamptz, ADD COLUMN self_rating text`,
    );
    await q.query(`CREATE UNIQUE INDEX forms_confirm_token ON ${s}.forms (confirm_token)`);
    await q.query(
      `CREATE TABLE ${s}.one_time_codes (serial text PRIMARY KEY, code_hash text NOT NULL, expires_at timestamptz NOT NULL, tries int NOT NULL DEFAULT 0)`,
    );
    await q.query(`CREATE TABLE ${s}.self_confirmation_buckets (key text PRIMARY KEY, level float8 NOT NULL, at timestamptz NOT NULL)`);
    await q.query(
      `CREATE TABLE ${s}.sms_inbox (id bigserial PRIMARY KEY, phone text NOT NULL, text text NOT NULL, sent_at timestamptz NOT NULL DEFAULT now())`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP TABLE ${s}.sms_inbox`);
    await q.query(`DROP TABLE ${s}.self_confirmation_buckets`);
    await q.query(`DROP TABLE ${s}.one_time_codes`);
    await q.query(`DROP INDEX ${s}.forms_confirm_token`);
    await q.query(`ALTER TABLE ${s}.forms DROP COLUMN confirm_token, DROP COLUMN self_confirmed_at, DROP COLUMN self_rating`);
    await q.query(`DROP TABLE ${s}.purchase_phones`);
  }
}
