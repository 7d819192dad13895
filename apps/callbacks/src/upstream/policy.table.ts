import { EntityManager } from 'typeorm';
import type { PayloadOf, PolicyChanged } from '@fd/contracts';
import { DEFAULT_TIME_ZONE } from '@fd/kernel';
import type { CallbackPolicy } from '@fd/callbacks-domain';

/** Before the first PolicyChanged (the defaults of docs/rules.md#policy). */
export const DEFAULT_POLICY: CallbackPolicy = { version: null, callbackSampleRate: 0.2, timeZone: DEFAULT_TIME_ZONE };

interface PolicyRow {
  version: number;
  callback_sample_rate: number;
  time_zone: string;
}

const toPolicy = (rows: PolicyRow[]): CallbackPolicy =>
  rows.length
    ? { version: rows[0].version, callbackSampleRate: rows[0].callback_sample_rate, timeZone: rows[0].time_zone }
    : DEFAULT_POLICY;

export async function rememberPolicy(
  m: EntityManager,
  schema: string,
  p: PayloadOf<typeof PolicyChanged>,
  changedAt: string,
): Promise<void> {
  await m.query(
    `INSERT INTO "${schema}".policy (version, callback_sample_rate, time_zone, changed_at) VALUES ($1, $2, $3, $4) ON CONFLICT (version) DO NOTHING`,
    [p.version, p.callbackSampleRate, p.timeZone, changedAt],
  );
}

/** The newest policy. */
export async function currentPolicy(m: EntityManager, schema: string): Promise<CallbackPolicy> {
  return toPolicy(await m.query(`SELECT version, callback_sample_rate, time_zone FROM "${schema}".policy ORDER BY version DESC LIMIT 1`));
}

/** The policy in effect at an instant: a change applies from then on, so a replay samples with the rate of its time. */
export async function policyAt(m: EntityManager, schema: string, at: string): Promise<CallbackPolicy> {
  return toPolicy(
    await m.query(
      `SELECT version, callback_sample_rate, time_zone FROM "${schema}".policy WHERE changed_at <= $1 ORDER BY changed_at DESC, version DESC LIMIT 1`,
      [at],
    ),
  );
}
