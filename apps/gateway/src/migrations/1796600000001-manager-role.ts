import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@fd/platform';

/** The general manager's accounts (role `manager`, docs/rules.md#actors). */
export class ManagerRole1796600000001 implements MigrationInterface {
  name = 'ManagerRole1796600000001';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`ALTER TABLE ${s}.users DROP CONSTRAINT IF EXISTS users_role_check`);
    await q.query(`ALTER TABLE ${s}.users ADD CONSTRAINT users_role_check CHECK (role IN ('clerk', 'merchant', 'admin', 'manager'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`ALTER TABLE ${s}.users DROP CONSTRAINT IF EXISTS users_role_check`);
    await q.query(`ALTER TABLE ${s}.users ADD CONSTRAINT users_role_check CHECK (role IN ('clerk', 'merchant', 'admin'))`);
  }
}
