import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@fd/platform';

/**
 * What a finding may refer to (docs/callbacks.md): every purchase, insurance card and form the
 * desk has registered, with its merchant, learned from PurchaseRegistered (registration.purchases.v1)
 * and FormIssued (forms.v1). A finding also keeps the card and the form it names.
 *
 * Backfill: the forms this service already knows (filed or overdue) are known references; the
 * purchases and cards registered before this migration were consumed without being kept, so a
 * finding naming one of them is refused as unknown (name the form instead, or leave it out).
 */
export class FindingReferences1796500000000 implements MigrationInterface {
  name = 'FindingReferences1796500000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE ${s}.known_references (
        kind        text NOT NULL CHECK (kind IN ('purchase', 'card', 'form')),
        ref         text NOT NULL,
        merchant_id text NOT NULL,
        purchase_id text,
        PRIMARY KEY (kind, ref, merchant_id)
      )`);
    await q.query(`INSERT INTO ${s}.known_references (kind, ref, merchant_id) SELECT 'form', serial, merchant_id FROM ${s}.forms`);
    await q.query(`ALTER TABLE ${s}.findings ADD COLUMN card_no text, ADD COLUMN serial text`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`ALTER TABLE ${s}.findings DROP COLUMN card_no, DROP COLUMN serial`);
    await q.query(`DROP TABLE ${s}.known_references`);
  }
}
