import { type CertificateHolder, certificateKey, type StaffState } from '@fd/registration-domain';
import type { Sql } from '../shared/sql';

export const staffStream = (staffId: string) => `staff-${staffId}`;

export interface StaffRow {
  id: string;
  merchantId: string;
  name: string;
  phone: string;
  certificateNo: string;
  certificateValidUntil: string;
  registeredAt: string;
  revokedOn: string | null;
  revokeReason: string | null;
}

const COLUMNS = `id, merchant_id AS "merchantId", name, phone, certificate_no AS "certificateNo",
  certificate_valid_until::text AS "certificateValidUntil", registered_at AS "registeredAt",
  revoked_on::text AS "revokedOn", revoke_reason AS "revokeReason"`;
const toRow = (r: StaffRow & { registeredAt: Date }): StaffRow => ({ ...r, registeredAt: r.registeredAt.toISOString() });

/** The row of a registered staff member's state. */
export function staffRowOf(state: Exclude<StaffState, { status: 'unregistered' }>): StaffRow {
  const revoked = state.status === 'revoked';
  return {
    id: state.staffId,
    merchantId: state.merchantId,
    name: state.name,
    phone: state.phone,
    certificateNo: state.certificateNo,
    certificateValidUntil: state.certificateValidUntil,
    registeredAt: state.registeredAt,
    revokedOn: revoked ? state.revokedOn : null,
    revokeReason: revoked ? state.reason : null,
  };
}

export async function saveStaff(m: Sql, schema: string, state: StaffState): Promise<void> {
  if (state.status === 'unregistered') return;
  const r = staffRowOf(state);
  await m.query(
    `INSERT INTO "${schema}".staff (id, merchant_id, name, phone, certificate_no, certificate_valid_until, registered_at, revoked_on, revoke_reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (id) DO UPDATE SET revoked_on = EXCLUDED.revoked_on, revoke_reason = EXCLUDED.revoke_reason`,
    [r.id, r.merchantId, r.name, r.phone, r.certificateNo, r.certificateValidUntil, r.registeredAt, r.revokedOn, r.revokeReason],
  );
}

/**
 * Who in the whole mall holds this certificate number (compared by `certificateKey`) in a
 * registration not revoked, if anyone. The certificate is locked for the rest of the transaction
 * first, so a second clerk registering it at the same moment, for any merchant, waits here until
 * this registration has committed, and then finds it. (The unique index
 * `staff_certificate_in_force` on `certificate_key` would refuse a second row all the same.)
 */
export async function certificateHolderForRegistration(m: Sql, schema: string, certificateNo: string): Promise<CertificateHolder | null> {
  const key = certificateKey(certificateNo);
  await m.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`${schema}|certificate|${key}`]);
  const rows: CertificateHolder[] = await m.query(
    `SELECT id AS "staffId", name, merchant_id AS "merchantId" FROM "${schema}".staff
     WHERE certificate_key = $1 AND revoked_on IS NULL ORDER BY registered_at, id LIMIT 1`,
    [key],
  );
  return rows[0] ?? null;
}

export async function listStaff(q: Sql, schema: string, merchantId: string): Promise<StaffRow[]> {
  const rows = await q.query(`SELECT ${COLUMNS} FROM "${schema}".staff WHERE merchant_id = $1 ORDER BY name, id`, [merchantId]);
  return rows.map(toRow);
}
