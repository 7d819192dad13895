import { z } from 'zod';
import { opinionChannels, penaltyKinds } from './enums';
import { exportLanguageParam } from './exports';
import { period } from './fields';

/**
 * The monthly management report (docs/rules.md#the-monthly-management-report): GET
 * /reports/monthly (JSON), /reports/monthly.pdf and /reports/monthly.csv. The entry point
 * composes it from the scoring service's figures and the callbacks service's opinions
 * (docs/architecture.md#the-monthly-report).
 */
export const monthlyReportQuery = z.object({ period, lang: exportLanguageParam });
export const monthlyFiguresQuery = z.object({ period });

const count = z.number().int().min(0);
const rate = z.number().nullable();
const byKind = z.strictObject(
  Object.fromEntries(penaltyKinds.map((k) => [k, count])) as Record<(typeof penaltyKinds)[number], typeof count>,
);
const cases = z.strictObject({ opened: count, upheld: count, dismissed: count, corrected: count });
const actions = z.strictObject({ opened: count, closed: count, overdue: count });
const monthFigures = {
  satisfactionRate: rate,
  returnRate: rate,
  formsIssued: count,
  formsDue: count,
  formsFiled: count,
  qualified: count,
  unqualified: count,
  returnRateWarning: z.boolean(),
  violations: byKind,
  cases,
  /** Corrective and preventive actions opened and closed in the month, and overdue at its end. */
  actions,
};
const opinions = z.strictObject({
  total: count,
  byCategory: z.array(z.strictObject({ category: z.string(), label: z.string(), count })),
  byChannel: z.array(z.strictObject({ channel: z.enum(opinionChannels), count })),
});

/** The scoring service's part (GET /api/v1/reports/monthly/figures inside the mall's network). */
export const monthlyFiguresSchema = z.strictObject({
  period: z.string(),
  /** The month has ended in the mall: its figures will not change. */
  closed: z.boolean(),
  /** Events of the scoring log read to fold the 13 months. */
  eventsRead: count,
  totals: z.strictObject({ merchants: count, ...monthFigures }),
  merchants: z.array(
    z.strictObject({ merchantId: z.string(), name: z.string().nullable(), stall: z.string().nullable(), score: rate, ...monthFigures }),
  ),
  trend: z.array(z.strictObject({ period: z.string(), merchants: count, ...monthFigures })),
});

export const monthlyReportSchema = z.strictObject({
  period: z.string(),
  closed: z.boolean(),
  totals: z.strictObject({ merchants: count, ...monthFigures, opinions }),
  merchants: z.array(
    z.strictObject({
      merchantId: z.string(),
      name: z.string().nullable(),
      stall: z.string().nullable(),
      score: rate,
      ...monthFigures,
      opinions: z.strictObject({ total: count, byCategory: z.record(z.string(), count), byChannel: z.record(z.string(), count) }),
    }),
  ),
  /** The 12 months before and this one, oldest first, each as it stood when it closed. */
  trend: z.array(z.strictObject({ period: z.string(), merchants: count, ...monthFigures, opinions: count })),
});
export type MonthlyFigures = z.infer<typeof monthlyFiguresSchema>;
export type MonthlyReport = z.infer<typeof monthlyReportSchema>;
