import { EntityManager } from 'typeorm';
import type { CallbackOutcome, Rating, ServiceType } from '@fd/contracts';
import type { Principal } from '@fd/platform';
import { maskPhone, maskPhoneNumbersInText } from '@fd/kernel';
import { CallbackReason } from '@fd/callbacks-domain';

export interface AttemptView {
  attempt: number;
  outcome: CallbackOutcome;
  at: string;
  note?: string;
  reportedRating?: Rating;
  newPlannedDate?: string;
}

/** A callback task as the API shows it (docs/api.md#resource-shapes). */
export interface CallbackView {
  id: string;
  serial: string;
  merchantId: string;
  reason: CallbackReason;
  status: 'open' | 'closed';
  openedAt: string;
  /** The form's planned service date now (a not_performed outcome moves it). */
  plannedDate: string;
  /** The rating on the form now (null while the form is unfiled), so the clerk knows what to verify. */
  formRating: Rating | null;
  closedAt?: string;
  /** How it ended: the closing attempt's outcome, or form_voided when the form was voided while the task was open. */
  result?: CallbackResult;
  attempts: AttemptView[];
  /** An administrator's correction of the closing outcome, recorded by mistake (docs/rules.md#7-violations-and-penalty-cases). */
  correction?: Correction;
  /** The merchant's registered name. */
  merchantName?: string;
  /** Whom to call; for a merchant, the phone (and any number in the address) masked. */
  customer?: { name: string; phone: string; address: string };
  /** Which service of which purchase the form is for. */
  serviceType?: ServiceType;
  visit?: number;
  purchaseId?: string;
  cardNo?: string;
}

export type CallbackResult = CallbackOutcome | 'form_voided';

export interface Correction {
  reason: string;
  correctedOn: string;
  correctedAt: string;
}

export interface CallbackRow {
  id: string;
  serial: string;
  merchant_id: string;
  reason: CallbackReason;
  status: 'open' | 'closed';
  opened_at: Date;
  closed_at: Date | null;
  result: CallbackResult | null;
  attempts: AttemptView[];
  correction: Correction | null;
  planned_date: string;
  rating: Rating | null;
  merchant_name: string | null;
  customer_name: string | null;
  customer_phone: string | null;
  customer_address: string | null;
  service_type: ServiceType | null;
  visit: number | null;
  purchase_id: string | null;
  card_no: string | null;
}

export const callbackSelect = (schema: string) =>
  `SELECT c.id, c.serial, c.merchant_id, c.reason, c.status, c.opened_at, c.closed_at, c.result, c.attempts, c.correction,
          f.planned_date::text AS planned_date, f.rating, m.name AS merchant_name,
          pc.name AS customer_name, pc.phone AS customer_phone, pc.address AS customer_address,
          i.service_type, i.visit, i.purchase_id, i.card_no
     FROM "${schema}".callbacks c JOIN "${schema}".forms f ON f.serial = c.serial
     LEFT JOIN "${schema}".merchants m ON m.merchant_id = c.merchant_id
     LEFT JOIN "${schema}".issued_forms i ON i.serial = c.serial
     LEFT JOIN "${schema}".purchase_customers pc ON pc.purchase_id = i.purchase_id`;

export async function findCallback(m: EntityManager, schema: string, id: string): Promise<CallbackRow | null> {
  const rows: CallbackRow[] = await m.query(`${callbackSelect(schema)} WHERE c.id = $1`, [id]);
  return rows[0] ?? null;
}

export function callbackView(r: CallbackRow, viewer: Principal): CallbackView {
  const forMerchant = viewer.role === 'merchant';
  return {
    id: r.id,
    serial: r.serial,
    merchantId: r.merchant_id,
    reason: r.reason,
    status: r.status,
    openedAt: r.opened_at.toISOString(),
    plannedDate: r.planned_date,
    formRating: r.rating,
    ...(r.closed_at ? { closedAt: r.closed_at.toISOString(), result: r.result ?? undefined } : {}),
    attempts: r.attempts.map((a) => (forMerchant && a.note !== undefined ? { ...a, note: maskPhoneNumbersInText(a.note) } : a)),
    ...(r.correction
      ? { correction: { ...r.correction, reason: forMerchant ? maskPhoneNumbersInText(r.correction.reason) : r.correction.reason } }
      : {}),
    ...(r.merchant_name !== null ? { merchantName: r.merchant_name } : {}),
    ...(r.customer_name !== null
      ? {
          customer: {
            name: r.customer_name,
            phone: forMerchant ? maskPhone(r.customer_phone ?? '') : (r.customer_phone ?? ''),
            address: forMerchant ? maskPhoneNumbersInText(r.customer_address ?? '') : (r.customer_address ?? ''),
          },
        }
      : {}),
    ...(r.service_type !== null
      ? { serviceType: r.service_type, visit: r.visit ?? 1, purchaseId: r.purchase_id ?? '', cardNo: r.card_no ?? '' }
      : {}),
  };
}
