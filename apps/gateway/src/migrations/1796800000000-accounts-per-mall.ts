import { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_MALL, migrationSchema, streamsPerMall, tenantTable, untenantTable } from '@fd/platform';

/**
 * Accounts belong to a mall (docs/architecture.md, "Malls"): `users.mall_id`, the accounts there
 * before being the default mall's. Signing in finds an account by its name in whichever mall it
 * is (a username is unique in the deployment), so the accounts and sessions are not behind the
 * malls' row-level security; the entry point scopes them itself (Users). Its log of account
 * changes is: an administrator's audit shows its own mall's accounts only. The role
 * `group_admin` is allowed.
 */
export class AccountsPerMall1796800000000 implements MigrationInterface {
  name = 'AccountsPerMall1796800000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(
      `ALTER TABLE ${s}.users ADD COLUMN mall_id text NOT NULL DEFAULT '${DEFAULT_MALL}' CONSTRAINT users_mall_id_is_a_mall CHECK (mall_id ~ '^[a-z][a-z0-9-]{1,30}$')`,
    );
    await q.query(`ALTER TABLE ${s}.users ALTER COLUMN mall_id DROP DEFAULT`);
    await q.query(`ALTER TABLE ${s}.users DROP CONSTRAINT IF EXISTS users_role_check`);
    await q.query(
      `ALTER TABLE ${s}.users ADD CONSTRAINT users_role_check CHECK (role IN ('clerk', 'merchant', 'admin', 'manager', 'group_admin'))`,
    );
    for (const table of ['streams', 'events']) await tenantTable(q, s, table);
    await streamsPerMall(q, s);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`ALTER TABLE ${s}.events DROP CONSTRAINT events_stream_position_in_mall`);
    for (const table of ['streams', 'events']) await untenantTable(q, s, table);
    await q.query(`ALTER TABLE ${s}.streams ADD PRIMARY KEY (stream_id)`);
    await q.query(`ALTER TABLE ${s}.events ADD CONSTRAINT events_stream_id_stream_position_key UNIQUE (stream_id, stream_position)`);
    await q.query(`DELETE FROM ${s}.users WHERE role = 'group_admin'`);
    await q.query(`ALTER TABLE ${s}.users DROP CONSTRAINT IF EXISTS users_role_check`);
    await q.query(`ALTER TABLE ${s}.users ADD CONSTRAINT users_role_check CHECK (role IN ('clerk', 'merchant', 'admin', 'manager'))`);
    await q.query(`ALTER TABLE ${s}.users DROP COLUMN mall_id`);
  }
}
