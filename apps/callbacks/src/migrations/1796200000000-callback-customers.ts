import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@fd/platform';

/**
 * What a callback card shows beside the task: whom to call (the purchase's customer, from
 * PurchaseRegistered's `customer`) and which service of which purchase the form is for (from FormIssued).
 *
 * No backfill: this service's own events (the callback streams) never held the customer or the
 * service, and the inbox keeps message ids only. Purchases published before PurchaseRegistered had
 * a `customer` carry none, and the forms issued before this migration were consumed without being kept,
 * so the tasks of those forms show the customer and the service as unknown (the form's page, in
 * the forms and registration services, still has them).
 */
export class CallbackCustomers1796200000000 implements MigrationInterface {
  name = 'CallbackCustomers1796200000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE ${s}.purchase_customers (
        purchase_id text PRIMARY KEY,
        name        text NOT NULL,
        phone       text NOT NULL,
        address     text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE ${s}.issued_forms (
        serial       text PRIMARY KEY,
        purchase_id  text NOT NULL,
        card_no      text NOT NULL,
        service_type text NOT NULL,
        visit        integer NOT NULL
      )`);
    // the filters of the callback list: by merchant (an index exists) and by reason
    await q.query(`CREATE INDEX callbacks_by_reason ON ${s}.callbacks (reason, opened_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP INDEX ${s}.callbacks_by_reason`);
    await q.query(`DROP TABLE ${s}.issued_forms`);
    await q.query(`DROP TABLE ${s}.purchase_customers`);
  }
}
