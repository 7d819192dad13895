import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@fd/platform';

/**
 * A certificate is held once in a mall (docs/rules.md, example R3), and each mall keeps its own
 * register: the same certificate in two malls of one deployment is two registrations, so the
 * unique index that enforces it is per mall (after MallTenancy1796800000000 gave the rows their mall).
 */
export class CertificatesPerMall1796800000001 implements MigrationInterface {
  name = 'CertificatesPerMall1796800000001';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP INDEX ${s}.staff_certificate_in_force`);
    await q.query(
      `CREATE UNIQUE INDEX staff_certificate_in_force ON ${s}.staff (mall_id, certificate_key) WHERE revoked_on IS NULL AND duplicate_of IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP INDEX ${s}.staff_certificate_in_force`);
    await q.query(
      `CREATE UNIQUE INDEX staff_certificate_in_force ON ${s}.staff (certificate_key) WHERE revoked_on IS NULL AND duplicate_of IS NULL`,
    );
  }
}
