import { z } from 'zod';
import { formStatuses } from './enums';
import { period } from './fields';
import { mallIdSchema } from './mall';

/**
 * The mall group's totals (docs/api.md, `GET /group/totals`): one row per mall of the deployment
 * for the group administration (`group_admin`) to compare the malls' months. Only counts and an
 * average: no merchant, form or case of a mall is named.
 */

/** `?period=YYYY-MM`; without it, the current month in the default mall's time zone. */
export const groupTotalsQuery = z.object({ period: period.optional() });

const count = z.number().int().min(0);

export const mallTotalsSchema = z.strictObject({
  mallId: mallIdSchema,
  /** Merchants the scoring service knows in the mall (registered). */
  merchants: count,
  /** Merchants with an evaluation of the month (a score, 0 included). */
  merchantsEvaluated: count,
  /** Merchants whose month is 0: a violation zeroed their evaluation. */
  merchantsZeroed: count,
  /** The average of the month's evaluations, to one decimal; null when no merchant was evaluated. */
  averageScore: z.number().min(0).max(100).nullable(),
  /** The forms of the month (by their planned date) by where they stand now. */
  forms: z.strictObject(Object.fromEntries(formStatuses.map((s) => [s, count])) as Record<(typeof formStatuses)[number], typeof count>),
  /** The penalty cases about violations of the month: still open, and all of them. */
  penaltyCases: z.strictObject({ open: count, total: count }),
});

export const groupTotalsSchema = z.strictObject({
  period: z.string(),
  /** One row per mall, by mall id. */
  malls: z.array(mallTotalsSchema),
});

export type MallTotals = z.infer<typeof mallTotalsSchema>;
export type GroupTotals = z.infer<typeof groupTotalsSchema>;
