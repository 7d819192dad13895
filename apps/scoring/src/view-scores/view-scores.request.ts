import { z } from 'zod';
import { isValidPeriod } from '@fd/kernel';

const period = z.string().refine(isValidPeriod, 'expected a month YYYY-MM');

/** `?period=YYYY-MM`; without it, the current month in the mall. */
export const scoresQuery = z.object({ period: period.optional() });

/** `?to=YYYY-MM`: the last of the 12 months; without it, the current month in the mall. */
export const trendQuery = z.object({ to: period.optional() });
