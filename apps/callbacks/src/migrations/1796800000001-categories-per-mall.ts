import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema, rekey } from '@fd/platform';

/**
 * Each mall manages its own opinion categories (docs/rules.md#customer-opinions): the same code
 * (`price`, or one a mall adds) may be in two malls, retired in one and active in the other. The
 * built-in ones are the default mall's already; another mall gets them the first time it asks
 * for its list (OpinionCategories.list).
 */
export class CategoriesPerMall1796800000001 implements MigrationInterface {
  name = 'CategoriesPerMall1796800000001';

  async up(q: QueryRunner): Promise<void> {
    await rekey(q, migrationSchema(q), 'opinion_categories', ['mall_id', 'code']);
  }

  async down(q: QueryRunner): Promise<void> {
    await rekey(q, migrationSchema(q), 'opinion_categories', ['code']);
  }
}
