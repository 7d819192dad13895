import type { EntityManager } from 'typeorm';
import { DEFAULT_POLICY_VERSION, PolicyVersion, policyVersionSchema } from '@fd/contracts';
import { PoisonMessage } from '../messaging/consumer';
import { log } from '../observability/logger';

/**
 * The copy of the administration's policy that a service keeps (docs/rules.md#policy): every
 * version scoring announced with PolicyChanged, in the service's own `policy_versions` table
 * (migration PolicyVersions), kept by `KeepPolicyWhenChanged` and read with `policyInForce`.
 * One copy, one validation (the contract's schema), one default for every service.
 */

/** A DataSource or a transaction's EntityManager. */
type Sql = Pick<EntityManager, 'query'>;

const COLUMNS = `version, return_days AS "returnDays", callback_sample_rate AS "callbackSampleRate",
  appeal_days AS "appealDays", time_zone AS "timeZone"`;

const issues = (e: { issues: Array<{ path: PropertyKey[]; message: string }> }) =>
  e.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ');

/**
 * The first of `rows` (newest first) that is a valid policy, else the rule book's defaults
 * (version 1). Only valid versions are ever written; a row that is not (a repair by hand) is
 * passed over for the one before it, rather than failing every command that needs a date.
 */
export function newestValidPolicy(rows: readonly unknown[]): PolicyVersion {
  for (const row of rows) {
    const checked = policyVersionSchema.safeParse(row);
    if (checked.success) return checked.data;
    log.warn('a kept policy version is not valid; the version before it applies', { row, reason: issues(checked.error) });
  }
  return DEFAULT_POLICY_VERSION;
}

/** The newest version this service has received; the defaults (version 1) before any. */
export async function policyInForce(q: Sql, schema: string): Promise<PolicyVersion> {
  return newestValidPolicy(await q.query(`SELECT ${COLUMNS} FROM "${schema}".policy_versions ORDER BY version DESC`));
}

/**
 * The version in force at an instant: the newest of those set (PolicyChanged's `occurredAt`) at
 * or before it, so that a late or replayed event is decided with the policy of its time.
 */
export async function policyInForceAt(q: Sql, schema: string, at: string): Promise<PolicyVersion> {
  return newestValidPolicy(
    await q.query(`SELECT ${COLUMNS} FROM "${schema}".policy_versions WHERE changed_at <= $1 ORDER BY version DESC`, [at]),
  );
}

/**
 * Keeps a version the first time it arrives; returns whether it was new. A redelivery, or a
 * version already kept, changes nothing; an older version arriving late is kept for the
 * instants it was in force and never replaces a newer one (the newest version wins). A policy
 * the rule book refuses is a poison message (dead letters): the last good version stays.
 */
export async function keepPolicyVersion(m: Sql, schema: string, policy: unknown, changedAt: Date | string): Promise<boolean> {
  const checked = policyVersionSchema.safeParse(policy);
  if (!checked.success) throw new PoisonMessage(`not a policy the rule book allows: ${issues(checked.error)}`);
  const p = checked.data;
  const kept: unknown[] = await m.query(
    `INSERT INTO "${schema}".policy_versions (version, return_days, callback_sample_rate, appeal_days, time_zone, changed_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (mall_id, version) DO NOTHING RETURNING version`,
    [p.version, p.returnDays, p.callbackSampleRate, p.appealDays, p.timeZone, changedAt],
  );
  return kept.length > 0;
}
