import { EntityManager } from 'typeorm';
import { DEFAULT_TIME_ZONE } from '@fd/kernel';

/** The part of the administration's policy the forms service uses. */
export interface FormsPolicy {
  returnDays: number;
  timeZone: string;
}

/** Until the first PolicyChanged arrives, the defaults of docs/rules.md#policy hold. */
export const DEFAULT_POLICY: FormsPolicy = { returnDays: 7, timeZone: DEFAULT_TIME_ZONE };

export async function currentPolicy(m: EntityManager, schema: string): Promise<FormsPolicy> {
  const rows: Array<{ return_days: number; time_zone: string }> = await m.query(`SELECT return_days, time_zone FROM "${schema}".policy`);
  return rows.length ? { returnDays: rows[0].return_days, timeZone: rows[0].time_zone } : DEFAULT_POLICY;
}
