import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@fd/platform';

/**
 * Sessions on the server (sign-out and disabling take effect at once), disabled accounts, and
 * sign-in throttling by client address: the per-username failure count it replaces could be
 * raced and let a stranger lock anyone out (docs/security.md, "Sign-in").
 */
export class Sessions1796100000000 implements MigrationInterface {
  name = 'Sessions1796100000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`ALTER TABLE ${s}.users ADD COLUMN disabled_at timestamptz, ADD COLUMN password_changed_at timestamptz`);
    await q.query(`
      CREATE TABLE ${s}.sessions (
        id         uuid PRIMARY KEY,
        user_id    uuid NOT NULL REFERENCES ${s}.users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        client     text NOT NULL,
        ended_at   timestamptz,
        ended_why  text
      )`);
    await q.query(`CREATE INDEX sessions_open_by_user ON ${s}.sessions (user_id) WHERE ended_at IS NULL`);
    await q.query(`
      CREATE TABLE ${s}.sign_in_attempts (
        address  text NOT NULL,
        username text NOT NULL,
        level    double precision NOT NULL,
        at       timestamptz NOT NULL,
        PRIMARY KEY (address, username)
      )`);
    await q.query(`CREATE INDEX sign_in_attempts_by_username ON ${s}.sign_in_attempts (username)`);
    await q.query(`DROP TABLE ${s}.login_failures`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`CREATE TABLE ${s}.login_failures (username text PRIMARY KEY, failures integer NOT NULL, locked_until timestamptz)`);
    await q.query(`DROP TABLE ${s}.sign_in_attempts`);
    await q.query(`DROP TABLE ${s}.sessions`);
    await q.query(`ALTER TABLE ${s}.users DROP COLUMN password_changed_at, DROP COLUMN disabled_at`);
  }
}
