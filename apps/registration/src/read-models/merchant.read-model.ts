import type { MerchantFacts, MerchantState } from '@fd/registration-domain';
import type { Sql } from '../shared/sql';

export const merchantStream = (merchantId: string) => `merchant-${merchantId}`;

export interface MerchantRow {
  id: string;
  name: string;
  stall: string;
  category: string;
  /** The mall's short number (M-0001). */
  number: string;
  registeredAt: string;
  suspendedUntil: string | null;
}

const COLUMNS = `id, number, name, stall, category, registered_at AS "registeredAt", suspended_until::text AS "suspendedUntil"`;
const toRow = (r: MerchantRow & { registeredAt: Date }): MerchantRow => ({ ...r, registeredAt: r.registeredAt.toISOString() });

/** Projects the merchant's state (called in the transaction that appended its events). */
export async function saveMerchant(m: Sql, schema: string, state: MerchantState): Promise<void> {
  if (state.status !== 'registered') return;
  await m.query(
    `INSERT INTO "${schema}".merchants (id, name, stall, category, registered_at, suspended_until, number)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (id) DO UPDATE SET suspended_until = EXCLUDED.suspended_until, number = COALESCE(merchants.number, EXCLUDED.number)`,
    [state.merchantId, state.name, state.stall, state.category, state.registeredAt, state.suspendedUntil, state.number ?? null],
  );
}

export async function findMerchant(q: Sql, schema: string, merchantId: string): Promise<MerchantRow | null> {
  const rows = await q.query(`SELECT ${COLUMNS} FROM "${schema}".merchants WHERE id = $1`, [merchantId]);
  return rows.length ? toRow(rows[0]) : null;
}

/** Every merchant, or just `only`, by stall. */
export async function listMerchants(q: Sql, schema: string, only?: string): Promise<MerchantRow[]> {
  const rows = await q.query(`SELECT ${COLUMNS} FROM "${schema}".merchants WHERE $1::text IS NULL OR id = $1 ORDER BY stall, name, id`, [
    only ?? null,
  ]);
  return rows.map(toRow);
}

/**
 * What a purchase or an after-sales request needs to know of its merchants. The rows are
 * locked FOR SHARE, so a suspension being recorded at the same moment waits for this
 * registration to commit (or this registration waits for it), never half of each.
 */
export async function merchantFactsForRegistration(m: Sql, schema: string, merchantIds: string[]): Promise<MerchantFacts[]> {
  return m.query(
    `SELECT id, name, suspended_until::text AS "suspendedUntil" FROM "${schema}".merchants WHERE id = ANY($1::text[]) FOR SHARE`,
    [merchantIds],
  );
}
