import { z } from 'zod';
import { isValidPeriod } from '@fd/kernel';
import { pageQuery } from '../shared/page';

export const period = z.string().refine(isValidPeriod, 'expected a month YYYY-MM');

export const listOpinionsRequest = z.object({
  period: period.optional(),
  merchantId: z.string().min(1).optional(),
  category: z.string().min(1).optional(),
  ...pageQuery,
});
