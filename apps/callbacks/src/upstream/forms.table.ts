import { EntityManager } from 'typeorm';
import type { Rating } from '@fd/contracts';

/** What this service keeps of a form (from forms.v1): whose it is, when it is planned, its current rating. */
export interface FormFacts {
  serial: string;
  merchantId: string;
  plannedDate: string;
  rating?: Rating;
}

/** Upserts the facts; a fact an event does not carry (the rating of an overdue form) is left as it was. */
export async function rememberForm(m: EntityManager, schema: string, f: FormFacts): Promise<void> {
  await m.query(
    `INSERT INTO "${schema}".forms (serial, merchant_id, planned_date, rating) VALUES ($1, $2, $3, $4)
     ON CONFLICT (serial) DO UPDATE SET merchant_id = EXCLUDED.merchant_id, planned_date = EXCLUDED.planned_date,
       rating = COALESCE(EXCLUDED.rating, forms.rating)`,
    [f.serial, f.merchantId, f.plannedDate, f.rating ?? null],
  );
}

/** The customer confirmed the form themselves (FormSelfConfirmed), at this instant. */
export async function rememberSelfConfirmation(m: EntityManager, schema: string, serial: string, at: string): Promise<void> {
  await m.query(`UPDATE "${schema}".forms SET self_confirmed_at = COALESCE(self_confirmed_at, $2) WHERE serial = $1`, [serial, at]);
}

/** Whether the customer confirmed the form themselves, as this service has heard. */
export async function isSelfConfirmed(m: EntityManager, schema: string, serial: string): Promise<boolean> {
  const rows: Array<{ at: Date | null }> = await m.query(`SELECT self_confirmed_at AS at FROM "${schema}".forms WHERE serial = $1`, [
    serial,
  ]);
  return !!rows[0]?.at;
}
