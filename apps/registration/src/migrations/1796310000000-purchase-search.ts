import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@fd/platform';

/**
 * The purchases list's search (docs/api.md#get-purchases; "Searching the lists" in
 * docs/architecture.md#decisions-and-where-we-differ-from-the-models-we-follow):
 * a customer's name or a part of a phone number is found anywhere in the text, which a B-tree
 * cannot do, so both get a trigram index (pg_trgm, GIN): `ILIKE '%…%'` reads only the rows
 * sharing the query's trigrams instead of every purchase. A card number is found by its start
 * (`SC0000012…`), which a `text_pattern_ops` B-tree answers whatever the database's collation.
 *
 * pg_trgm is installed once per database, in `public` (never in a service's own schema, which a
 * test may drop): every service's schema finds its operator classes there by name.
 */
export class PurchaseSearch1796310000000 implements MigrationInterface {
  name = 'PurchaseSearch1796310000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`);
    await q.query(`CREATE INDEX purchases_by_name ON ${s}.purchases USING gin (customer_name public.gin_trgm_ops)`);
    await q.query(`CREATE INDEX purchases_by_phone ON ${s}.purchases USING gin (customer_phone public.gin_trgm_ops)`);
    await q.query(`CREATE INDEX cards_by_number_prefix ON ${s}.cards (card_no text_pattern_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    for (const i of ['cards_by_number_prefix', 'purchases_by_phone', 'purchases_by_name']) await q.query(`DROP INDEX ${s}.${i}`);
  }
}
