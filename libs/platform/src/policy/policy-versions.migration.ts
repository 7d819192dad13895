import { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_POLICY_VALUES, policyVersionSchema } from '@fd/contracts';
import { migrationSchema } from '../db/migration-schema';
import { log } from '../observability/logger';

/**
 * The versions of the administration's policy a service has received (kept-policy.ts), in the
 * service's own schema. A service that follows the policy adds this migration to its list.
 *
 * Before it, registration, forms and callbacks each kept a `policy` table of their own shape.
 * Its rows are copied here, so that a running system keeps its policy through the upgrade
 * without waiting for the next PolicyChanged:
 * - a value the old table did not keep (registration kept only the time zone, forms not the
 *   sample rate nor the appeal days, callbacks not the return nor the appeal days) takes the
 *   rule book's default until the next version brings all of them; that service never read it;
 * - a version whose time of change was not kept (registration, forms) counts as in force since
 *   `-infinity`: it is the oldest this service knows;
 * - a row the rule book refuses (forms and callbacks did not check the time zone) is left out,
 *   and the version before it applies.
 * The old table is kept, renamed `legacy_policy`, so that reverting this migration gives back
 * exactly what the previous release read; nothing reads or writes it any more.
 */
export class PolicyVersions1796065300000 implements MigrationInterface {
  name = 'PolicyVersions1796065300000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE ${s}.policy_versions (
        version              integer PRIMARY KEY,
        return_days          integer NOT NULL,
        callback_sample_rate double precision NOT NULL,
        appeal_days          integer NOT NULL,
        time_zone            text NOT NULL,
        changed_at           timestamptz NOT NULL
      )`);
    const [{ old }] = await q.query(`SELECT to_regclass($1) IS NOT NULL AS old`, [`${s}.policy`]);
    if (!old) return;
    for (const row of (await q.query(`SELECT * FROM ${s}.policy`)) as Array<Record<string, unknown>>) {
      const kept = (column: string, otherwise: unknown) => (column in row ? row[column] : otherwise);
      const checked = policyVersionSchema.safeParse({
        version: row.version,
        returnDays: kept('return_days', DEFAULT_POLICY_VALUES.returnDays),
        callbackSampleRate: kept('callback_sample_rate', DEFAULT_POLICY_VALUES.callbackSampleRate),
        appealDays: kept('appeal_days', DEFAULT_POLICY_VALUES.appealDays),
        timeZone: row.time_zone,
      });
      if (!checked.success) {
        log.warn('a policy version the rule book refuses is not copied', { row, reason: checked.error.message });
        continue;
      }
      const p = checked.data;
      await q.query(
        `INSERT INTO ${s}.policy_versions (version, return_days, callback_sample_rate, appeal_days, time_zone, changed_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [p.version, p.returnDays, p.callbackSampleRate, p.appealDays, p.timeZone, kept('changed_at', '-infinity')],
      );
    }
    await q.query(`ALTER TABLE ${s}.policy RENAME TO legacy_policy`);
    await q.query(
      `COMMENT ON TABLE ${s}.legacy_policy IS 'Before PolicyVersions1796065300000: nothing reads or writes it; reverting that migration gives it back.'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP TABLE ${s}.policy_versions`);
    const [{ old }] = await q.query(`SELECT to_regclass($1) IS NOT NULL AS old`, [`${s}.legacy_policy`]);
    if (old) await q.query(`ALTER TABLE ${s}.legacy_policy RENAME TO policy`);
  }
}
