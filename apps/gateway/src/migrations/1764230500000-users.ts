import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@fd/platform';

/** Accounts of the desk: clerks, merchants (bound to one merchant) and the administration. */
export class Users1764230500000 implements MigrationInterface {
  name = 'Users1764230500000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE ${s}.users (
        id            uuid PRIMARY KEY,
        username      text NOT NULL UNIQUE,
        password_hash text NOT NULL,
        role          text NOT NULL CHECK (role IN ('clerk', 'merchant', 'admin')),
        merchant_id   text,
        created_at    timestamptz NOT NULL DEFAULT now(),
        created_by    text,
        CHECK ((role = 'merchant') = (merchant_id IS NOT NULL))
      )`);
    await q.query(`
      CREATE TABLE ${s}.login_failures (
        username     text PRIMARY KEY,
        failures     integer NOT NULL,
        locked_until timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP TABLE ${s}.login_failures`);
    await q.query(`DROP TABLE ${s}.users`);
  }
}
