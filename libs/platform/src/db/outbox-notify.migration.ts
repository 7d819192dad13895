import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from './migration-schema';

/**
 * Wakes the outbox relay when outbox rows commit: a statement-level trigger NOTIFYs the
 * channel `<schema>.outbox` (notifyChannel in pg-listener.ts), and PostgreSQL delivers it only
 * when the inserting transaction commits (never for one that rolls back). In the table, not in
 * `enqueue`, so that whoever writes a row (a handler, a repair by hand, a benchmark) wakes the
 * relay. A transaction that notifies several times sends one notification.
 */
export class OutboxNotify1796054815044 implements MigrationInterface {
  name = 'OutboxNotify1796054815044';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE FUNCTION ${s}.outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify(left(TG_TABLE_SCHEMA || '.outbox', 63), '');
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER outbox_notify AFTER INSERT ON ${s}.outbox FOR EACH STATEMENT EXECUTE FUNCTION ${s}.outbox_notify()`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP TRIGGER outbox_notify ON ${s}.outbox`);
    await q.query(`DROP FUNCTION ${s}.outbox_notify()`);
  }
}
