import { randomUUID } from 'node:crypto';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { MerchantNumbered, SYSTEM_ACTOR } from '@fd/contracts';
import { enqueue, integrationEvent, migrationSchema } from '@fd/platform';
import { merchantNumber } from '@fd/registration-domain';

/**
 * Every merchant gets the mall's short number (M-0001, M-0002, … in the order they were
 * registered), printed on its cards and forms instead of its internal id. New merchants take the
 * next number of `merchant_numbers` when they are registered. Each merchant registered before
 * gets its number as a MerchantNumbered event in its own stream (so its history says so) and
 * announced to the other services through the outbox, in this migration's transaction.
 */
export class MerchantNumbers1796400000000 implements MigrationInterface {
  name = 'MerchantNumbers1796400000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    const schema = (q.connection.options as { schema: string }).schema;
    await q.query(`CREATE SEQUENCE ${s}.merchant_numbers`);
    await q.query(`ALTER TABLE ${s}.merchants ADD COLUMN number text UNIQUE`);
    const merchants: Array<{ id: string }> = await q.query(`SELECT id FROM ${s}.merchants ORDER BY registered_at, id`);
    const meta = { now: new Date(), actor: SYSTEM_ACTOR, correlationId: randomUUID(), causationId: null };
    for (const { id } of merchants) {
      const [{ n }]: Array<{ n: string }> = await q.query(`SELECT nextval('${s}.merchant_numbers') AS n`);
      const number = merchantNumber(Number(n));
      await q.query(`UPDATE ${s}.merchants SET number = $2 WHERE id = $1`, [id, number]);
      const [[stream]]: [[{ version: number }?], number] = await q.query(
        `UPDATE ${s}.streams SET version = version + 1 WHERE stream_id = $1 RETURNING version`,
        [`merchant-${id}`],
      );
      if (stream)
        await q.query(
          `INSERT INTO ${s}.events (stream_id, stream_type, stream_position, event_id, type, schema_version, data, metadata)
           VALUES ($1, 'merchant', $2, $3, 'MerchantNumbered', 1, $4::jsonb, $5::jsonb)`,
          [
            `merchant-${id}`,
            stream.version,
            randomUUID(),
            JSON.stringify({ merchantId: id, number }),
            JSON.stringify({ ...meta, eventId: randomUUID(), occurredAt: meta.now.toISOString(), now: undefined }),
          ],
        );
      await enqueue(q.manager, schema, [integrationEvent(MerchantNumbered, { merchantId: id, number }, meta)]);
    }
    await q.query(`ALTER TABLE ${s}.merchants ALTER COLUMN number SET NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`ALTER TABLE ${s}.merchants DROP COLUMN number`);
    await q.query(`DROP SEQUENCE ${s}.merchant_numbers`);
  }
}
