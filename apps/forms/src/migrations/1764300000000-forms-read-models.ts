import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@fd/platform';

/**
 * The forms service's read models: the forms themselves (one row per form stream, written in
 * the transaction of its events), the staff and merchants it learns from registration, the
 * policy it learns from scoring (since PolicyVersions1796065300000, the platform's
 * `policy_versions`), and the sequence behind the serials.
 */
export class FormsReadModels1764300000000 implements MigrationInterface {
  name = 'FormsReadModels1764300000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    // serials are FD + 8 digits of this sequence; a sequence never rolls back, so gaps are normal
    await q.query(`CREATE SEQUENCE ${s}.form_serial_seq`);
    await q.query(`
      CREATE TABLE ${s}.forms (
        serial             text PRIMARY KEY,
        purchase_id        text NOT NULL,
        card_no            text NOT NULL,
        merchant_id        text NOT NULL,
        service_type       text NOT NULL,
        visit              integer NOT NULL,
        request_id         text,
        planned_date       date NOT NULL,
        due_date           date NOT NULL,
        return_days        integer NOT NULL,
        issued_at          timestamptz NOT NULL,
        status             text NOT NULL CHECK (status IN ('issued', 'filed', 'overdue', 'voided')),
        rating             text,
        staff_id           text,
        staff_certified    boolean,
        uncertified_reason text,
        serviced_on        date,
        filed_at           timestamptz,
        late               boolean,
        comment            text,
        void_reason        text,
        voided_at          timestamptz,
        overdue_at         timestamptz,
        verified           boolean NOT NULL,
        forged             boolean NOT NULL,
        reported_missing   boolean NOT NULL
      )`);
    await q.query(`CREATE INDEX forms_by_merchant ON ${s}.forms (merchant_id, serial)`);
    await q.query(`CREATE INDEX forms_by_purchase ON ${s}.forms (purchase_id)`);
    await q.query(`CREATE INDEX forms_by_card ON ${s}.forms (card_no)`);
    await q.query(`CREATE INDEX forms_by_planned_date ON ${s}.forms (planned_date)`);
    await q.query(`CREATE INDEX forms_awaiting_return ON ${s}.forms (due_date) WHERE status = 'issued'`);
    await q.query(`
      CREATE TABLE ${s}.staff (
        staff_id                text PRIMARY KEY,
        merchant_id             text NOT NULL,
        name                    text NOT NULL,
        certificate_no          text NOT NULL,
        certificate_valid_until date NOT NULL,
        revoked_on              date,
        revoke_reason           text
      )`);
    await q.query(`
      CREATE TABLE ${s}.merchants (
        merchant_id text PRIMARY KEY,
        name        text NOT NULL,
        stall       text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE ${s}.policy (
        id          boolean PRIMARY KEY DEFAULT true CHECK (id),
        version     integer NOT NULL,
        return_days integer NOT NULL,
        time_zone   text NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    for (const t of ['policy', 'merchants', 'staff', 'forms']) await q.query(`DROP TABLE ${s}.${t}`);
    await q.query(`DROP SEQUENCE ${s}.form_serial_seq`);
  }
}
