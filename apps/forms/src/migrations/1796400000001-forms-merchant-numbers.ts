import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@fd/platform';

/** The merchant's short number (M-0001) that registration announces, printed on the form (MerchantRegistered, MerchantNumbered). */
export class FormsMerchantNumbers1796400000001 implements MigrationInterface {
  name = 'FormsMerchantNumbers1796400000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ${migrationSchema(q)}.merchants ADD COLUMN number text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ${migrationSchema(q)}.merchants DROP COLUMN number`);
  }
}
