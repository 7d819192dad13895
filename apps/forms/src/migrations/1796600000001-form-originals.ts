import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@fd/platform';

/**
 * The signed originals (docs/rules.md, "The signed original"): each scan or photo of a returned
 * paper form, kept beside the event log (its FormOriginalAttached event names it by id and SHA-256).
 */
export class FormOriginals1796600000001 implements MigrationInterface {
  name = 'FormOriginals1796600000001';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(
      `CREATE TABLE ${s}.form_originals (
        original_id uuid PRIMARY KEY,
        serial text NOT NULL,
        merchant_id text NOT NULL,
        content_type text NOT NULL,
        size int NOT NULL,
        sha256 text NOT NULL,
        bytes bytea NOT NULL,
        attached_at timestamptz NOT NULL,
        attached_by text NOT NULL,
        keep_until date NOT NULL
      )`,
    );
    await q.query(`CREATE INDEX form_originals_serial ON ${s}.form_originals (serial, attached_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${migrationSchema(q)}.form_originals`);
  }
}
