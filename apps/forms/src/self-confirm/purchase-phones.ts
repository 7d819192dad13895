import { EntityManager } from 'typeorm';

/**
 * The phone of a purchase (PurchaseRegistered's `customer`), the only thing of the customer the
 * forms service keeps: its last 4 digits prove the customer on a form's self-confirmation page,
 * and the one-time code is sent to it. A purchase's customer never changes.
 */
export async function keepPurchasePhone(m: EntityManager, schema: string, purchaseId: string, phone: string): Promise<void> {
  await m.query(`INSERT INTO "${schema}".purchase_phones (purchase_id, phone) VALUES ($1, $2) ON CONFLICT (purchase_id) DO NOTHING`, [
    purchaseId,
    phone,
  ]);
}
