import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@fd/platform';

/**
 * The forms list's search (docs/api.md#get-forms): a serial or a card number by its start
 * (`FD0001…`, `SC0000…`). `LIKE 'prefix%'` can use a B-tree only with `text_pattern_ops` (or a C
 * collation, which the database need not have), so both columns get one; a search then reads
 * the matching range, not every form.
 */
export class FormSearch1796310000001 implements MigrationInterface {
  name = 'FormSearch1796310000001';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`CREATE INDEX forms_by_serial_prefix ON ${s}.forms (serial text_pattern_ops)`);
    await q.query(`CREATE INDEX forms_by_card_prefix ON ${s}.forms (card_no text_pattern_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    for (const i of ['forms_by_card_prefix', 'forms_by_serial_prefix']) await q.query(`DROP INDEX ${s}.${i}`);
  }
}
