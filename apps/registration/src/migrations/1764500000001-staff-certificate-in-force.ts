import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@fd/platform';

/**
 * One registration in force per (merchant, certificate number). The staff row is written in the
 * transaction that appends StaffRegistered, so of two clerks registering one certificate at the
 * same moment, the second waits on this index and fails instead of committing a second staff id.
 *
 * Registrations made before this rule may already repeat a certificate: the later ones are marked
 * `duplicate_of` the first (left for the desk to revoke) and kept out of the index, so the
 * migration never fails on them; a new registration is still refused while any of them is in force.
 */
export class StaffCertificateInForce1764500000001 implements MigrationInterface {
  name = 'StaffCertificateInForce1764500000001';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`ALTER TABLE ${s}.staff ADD COLUMN duplicate_of text`);
    await q.query(`
      UPDATE ${s}.staff d SET duplicate_of = f.id
      FROM (SELECT DISTINCT ON (merchant_id, certificate_no) id, merchant_id, certificate_no
            FROM ${s}.staff WHERE revoked_on IS NULL ORDER BY merchant_id, certificate_no, registered_at, id) f
      WHERE d.revoked_on IS NULL AND d.merchant_id = f.merchant_id AND d.certificate_no = f.certificate_no AND d.id <> f.id`);
    await q.query(
      `CREATE UNIQUE INDEX staff_certificate_in_force ON ${s}.staff (merchant_id, certificate_no) WHERE revoked_on IS NULL AND duplicate_of IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP INDEX ${s}.staff_certificate_in_force`);
    await q.query(`ALTER TABLE ${s}.staff DROP COLUMN duplicate_of`);
  }
}
