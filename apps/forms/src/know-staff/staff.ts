import { EntityManager } from 'typeorm';
import type { StaffRecord } from '@fd/forms-domain';

/** The staff member as the desk registered them, or null when unknown to the desk. */
export async function findStaff(m: EntityManager, schema: string, staffId: string): Promise<StaffRecord | null> {
  const rows: Array<{ staff_id: string; merchant_id: string; valid_until: string; revoked_on: string | null }> = await m.query(
    `SELECT staff_id, merchant_id, certificate_valid_until::text AS valid_until, revoked_on::text AS revoked_on
       FROM "${schema}".staff WHERE staff_id = $1`,
    [staffId],
  );
  if (!rows.length) return null;
  const r = rows[0];
  return { staffId: r.staff_id, merchantId: r.merchant_id, certificateValidUntil: r.valid_until, revokedOn: r.revoked_on };
}
