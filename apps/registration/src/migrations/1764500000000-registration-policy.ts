import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@fd/platform';

/**
 * The part of the administration's policy this service follows: the mall's time zone, with the
 * version it came with (scoring's PolicyChanged; the latest version wins). No row: the defaults.
 * Superseded by the platform's PolicyVersions1796065300000, which copies this table into
 * `policy_versions` and renames it `legacy_policy`.
 */
export class RegistrationPolicy1764500000000 implements MigrationInterface {
  name = 'RegistrationPolicy1764500000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE ${s}.policy (
        id        boolean PRIMARY KEY DEFAULT true CHECK (id),
        version   integer NOT NULL,
        time_zone text NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP TABLE ${s}.policy`);
  }
}
