import type { PayloadOf, PolicyChanged } from '@fd/contracts';
import { DEFAULT_TIME_ZONE } from '@fd/kernel';
import type { Sql } from '../shared/sql';

/**
 * Keeps the latest policy's time zone: an older version arriving late, or a version seen before,
 * changes nothing.
 */
export async function keepPolicy(m: Sql, schema: string, p: PayloadOf<typeof PolicyChanged>): Promise<void> {
  await m.query(
    `INSERT INTO "${schema}".policy (version, time_zone) VALUES ($1, $2)
     ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, time_zone = EXCLUDED.time_zone
     WHERE policy.version < EXCLUDED.version`,
    [p.version, p.timeZone],
  );
}

/** The mall's time zone: the latest policy's, or the rule book's default before any policy. */
export async function mallTimeZone(q: Sql, schema: string): Promise<string> {
  const rows: Array<{ time_zone: string }> = await q.query(`SELECT time_zone FROM "${schema}".policy`);
  return rows[0]?.time_zone ?? DEFAULT_TIME_ZONE;
}
