import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@fd/platform';

/**
 * One certificate in force per number in the whole mall, the number compared without case, spaces,
 * dashes or full-width forms (docs/rules.md#example-r3-one-certificate-in-the-whole-mall).
 *
 * `certificate_key` is computed by PostgreSQL from `certificate_no` (the same key as the domain's
 * `certificateKey`), so no writer can forget it. Registrations that already share a key, within a
 * merchant or across merchants, are kept: the later ones are marked `duplicate_of` the first and
 * left for the desk to revoke, and the number stays taken while any of them is in force.
 */
export class CertificateKey1796320000000 implements MigrationInterface {
  name = 'CertificateKey1796320000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(
      `ALTER TABLE ${s}.staff ADD COLUMN certificate_key text
         GENERATED ALWAYS AS (upper(regexp_replace(normalize(certificate_no, NFKC), '[[:space:]\\-‐‑‒–—―]', '', 'g'))) STORED`,
    );
    await q.query(`
      UPDATE ${s}.staff d SET duplicate_of = f.id
      FROM (SELECT DISTINCT ON (certificate_key) id, certificate_key
            FROM ${s}.staff WHERE revoked_on IS NULL ORDER BY certificate_key, registered_at, id) f
      WHERE d.revoked_on IS NULL AND d.duplicate_of IS NULL AND d.certificate_key = f.certificate_key AND d.id <> f.id`);
    await q.query(`DROP INDEX ${s}.staff_certificate_in_force`);
    await q.query(
      `CREATE UNIQUE INDEX staff_certificate_in_force ON ${s}.staff (certificate_key) WHERE revoked_on IS NULL AND duplicate_of IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP INDEX ${s}.staff_certificate_in_force`);
    await q.query(`ALTER TABLE ${s}.staff DROP COLUMN certificate_key`);
    await q.query(
      `CREATE UNIQUE INDEX staff_certificate_in_force ON ${s}.staff (merchant_id, certificate_no) WHERE revoked_on IS NULL AND duplicate_of IS NULL`,
    );
  }
}
