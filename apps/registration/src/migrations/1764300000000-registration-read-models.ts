import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@fd/platform';

/**
 * The registration read models, kept in the same transaction as the events (see
 * read-models/). The schema comes from the connection, so tests run on their own.
 */
export class RegistrationReadModels1764300000000 implements MigrationInterface {
  name = 'RegistrationReadModels1764300000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE ${s}.merchants (
        id              text PRIMARY KEY,
        name            text NOT NULL,
        stall           text NOT NULL,
        category        text NOT NULL,
        registered_at   timestamptz NOT NULL,
        suspended_until date
      )`);
    await q.query(`
      CREATE TABLE ${s}.staff (
        id                      text PRIMARY KEY,
        merchant_id             text NOT NULL REFERENCES ${s}.merchants (id),
        name                    text NOT NULL,
        phone                   text NOT NULL,
        certificate_no          text NOT NULL,
        certificate_valid_until date NOT NULL,
        registered_at           timestamptz NOT NULL,
        revoked_on              date,
        revoke_reason           text
      )`);
    await q.query(`CREATE INDEX staff_by_merchant ON ${s}.staff (merchant_id, name)`);
    await q.query(`
      CREATE TABLE ${s}.purchases (
        id               text PRIMARY KEY,
        customer_name    text NOT NULL,
        customer_phone   text NOT NULL,
        customer_address text NOT NULL,
        registered_at    timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX purchases_newest_first ON ${s}.purchases (registered_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE ${s}.cards (
        card_no     text PRIMARY KEY,
        purchase_id text NOT NULL REFERENCES ${s}.purchases (id),
        merchant_id text NOT NULL REFERENCES ${s}.merchants (id),
        items       jsonb NOT NULL,
        services    jsonb NOT NULL,
        UNIQUE (purchase_id, merchant_id)
      )`);
    await q.query(`CREATE INDEX cards_by_merchant ON ${s}.cards (merchant_id, purchase_id)`);
    // Card numbers (SC + 8 digits, see @fd/registration-domain cardNumber).
    await q.query(`CREATE SEQUENCE ${s}.card_no_seq`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP SEQUENCE ${s}.card_no_seq`);
    for (const t of ['cards', 'purchases', 'staff', 'merchants']) await q.query(`DROP TABLE ${s}.${t}`);
  }
}
