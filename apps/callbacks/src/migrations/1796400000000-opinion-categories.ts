import { MigrationInterface, QueryRunner } from 'typeorm';
import { builtInOpinionCategories, OTHER_CATEGORY } from '@fd/api';
import { migrationSchema } from '@fd/platform';

/**
 * The managed list of opinion categories (docs/rules.md#customer-opinions), starting with the
 * built-in ones (the names the UI suggested until now), and the register's opinions mapped to
 * their codes: a built-in name in any of the three languages (trimmed, any case) becomes its
 * code; any other free text becomes `other`, the text kept in `category_text` so it stays
 * visible. The opinions' own events keep the text they were written with; OpinionRegistered v1
 * is lifted the same way (libs/contracts, OpinionRegisteredV1).
 */
export class OpinionCategories1796400000000 implements MigrationInterface {
  name = 'OpinionCategories1796400000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE ${s}.opinion_categories (
        code          text PRIMARY KEY,
        label_zh_hant text NOT NULL,
        label_zh_hans text NOT NULL,
        label_en      text NOT NULL,
        status        text NOT NULL CHECK (status IN ('active', 'retired')),
        built_in      boolean NOT NULL,
        position      serial,
        added_at      timestamptz,
        retired_at    timestamptz
      )`);
    for (const c of builtInOpinionCategories)
      await q.query(
        `INSERT INTO ${s}.opinion_categories (code, label_zh_hant, label_zh_hans, label_en, status, built_in)
         VALUES ($1, $2, $3, $4, 'active', true)`,
        [c.code, c.labels['zh-Hant'], c.labels['zh-Hans'], c.labels.en],
      );
    await q.query(`ALTER TABLE ${s}.opinions ADD COLUMN category_text text`);
    for (const c of builtInOpinionCategories)
      await q.query(`UPDATE ${s}.opinions SET category = $1 WHERE lower(btrim(category)) = ANY($2::text[])`, [
        c.code,
        Object.values(c.labels).map((l) => l.toLowerCase()),
      ]);
    await q.query(
      `UPDATE ${s}.opinions SET category_text = category, category = $1
        WHERE category NOT IN (SELECT code FROM ${s}.opinion_categories)`,
      [OTHER_CATEGORY],
    );
    await q.query(`CREATE INDEX opinions_by_category ON ${s}.opinions (period, category)`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP INDEX ${s}.opinions_by_category`);
    await q.query(`UPDATE ${s}.opinions SET category = category_text WHERE category_text IS NOT NULL`);
    await q.query(
      `UPDATE ${s}.opinions o SET category = c.label_zh_hant FROM ${s}.opinion_categories c
        WHERE o.category_text IS NULL AND o.category = c.code`,
    );
    await q.query(`ALTER TABLE ${s}.opinions DROP COLUMN category_text`);
    await q.query(`DROP TABLE ${s}.opinion_categories`);
  }
}
