import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema, tenantTable } from '@fd/platform';

/**
 * A merchant's number is its mall's (M-0001 is each mall's first merchant, docs/glossary.md):
 * each mall counts in a row of its own of `merchant_number_counters` instead of the one sequence
 * `merchant_numbers`, which would have numbered the malls' merchants together (and told a mall
 * how many the others registered). Each mall's counter starts at the highest number it has given.
 * The sequence stays, unused, for the release before this one; a later release drops it.
 */
export class MerchantNumbersPerMall1796800000002 implements MigrationInterface {
  name = 'MerchantNumbersPerMall1796800000002';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`CREATE TABLE ${s}.merchant_number_counters (last integer NOT NULL)`);
    await tenantTable(q, s, 'merchant_number_counters');
    await q.query(`ALTER TABLE ${s}.merchant_number_counters ADD PRIMARY KEY (mall_id)`);
    await q.query(`ALTER TABLE ${s}.merchants DROP CONSTRAINT merchants_number_key`);
    await q.query(`ALTER TABLE ${s}.merchants ADD CONSTRAINT merchants_number_in_mall UNIQUE (mall_id, number)`);
    // every mall's merchants, for this transaction only
    await q.query(`SELECT set_config('fd.mall', '*', true)`);
    await q.query(
      `INSERT INTO ${s}.merchant_number_counters (mall_id, last)
       SELECT mall_id, max(substring(number FROM 3)::integer) FROM ${s}.merchants WHERE number ~ '^M-[0-9]+$' GROUP BY mall_id`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`ALTER TABLE ${s}.merchants DROP CONSTRAINT merchants_number_in_mall`);
    await q.query(`ALTER TABLE ${s}.merchants ADD CONSTRAINT merchants_number_key UNIQUE (number)`);
    await q.query(`DROP TABLE ${s}.merchant_number_counters`);
  }
}
