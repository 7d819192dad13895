import { EntityManager } from 'typeorm';

/** Upheld penalty cases of kind forged (scoring.v1): they put the merchant's next forms under callback. */
export async function rememberUpheldForgery(
  m: EntityManager,
  schema: string,
  caseId: string,
  merchantId: string,
  decidedOn: string,
): Promise<void> {
  await m.query(
    `INSERT INTO "${schema}".upheld_forgeries (case_id, merchant_id, decided_on) VALUES ($1, $2, $3) ON CONFLICT (case_id) DO NOTHING`,
    [caseId, merchantId, decidedOn],
  );
}

export async function upheldForgeriesOn(m: EntityManager, schema: string, merchantId: string): Promise<string[]> {
  const rows: Array<{ decided_on: string }> = await m.query(
    `SELECT decided_on::text AS decided_on FROM "${schema}".upheld_forgeries WHERE merchant_id = $1 ORDER BY decided_on`,
    [merchantId],
  );
  return rows.map((r) => r.decided_on);
}
