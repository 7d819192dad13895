import { EntityManager } from 'typeorm';
import { ruleRefuses } from '@fd/kernel';

export async function rememberMerchant(m: EntityManager, schema: string, merchantId: string, name: string): Promise<void> {
  await m.query(
    `INSERT INTO "${schema}".merchants (merchant_id, name) VALUES ($1, $2) ON CONFLICT (merchant_id) DO UPDATE SET name = EXCLUDED.name`,
    [merchantId, name],
  );
}

/**
 * A finding costs a merchant its score and an opinion is counted against it: a mistyped
 * merchant id must be refused, not recorded against nobody.
 */
export async function assertMerchantKnown(m: EntityManager, schema: string, merchantId: string): Promise<void> {
  const rows: unknown[] = await m.query(`SELECT 1 FROM "${schema}".merchants WHERE merchant_id = $1`, [merchantId]);
  if (rows.length === 0) throw ruleRefuses('UNKNOWN_MERCHANT', `There is no merchant ${merchantId} in the registry.`);
}
