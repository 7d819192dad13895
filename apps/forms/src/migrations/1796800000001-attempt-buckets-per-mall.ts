import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema, rekey } from '@fd/platform';

/**
 * The self-confirmation page counts tries per form and per address in each mall of its own (an
 * address may open links of two malls); the buckets' key is per mall.
 */
export class AttemptBucketsPerMall1796800000001 implements MigrationInterface {
  name = 'AttemptBucketsPerMall1796800000001';

  async up(q: QueryRunner): Promise<void> {
    await rekey(q, migrationSchema(q), 'self_confirmation_buckets', ['mall_id', 'key']);
  }

  async down(q: QueryRunner): Promise<void> {
    await rekey(q, migrationSchema(q), 'self_confirmation_buckets', ['key']);
  }
}
