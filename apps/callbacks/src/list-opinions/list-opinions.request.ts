import { z } from 'zod';
import { pageQuery } from '../shared/page';
import { period } from '../shared/fields';

export const listOpinionsRequest = z.object({
  period: period.optional(),
  merchantId: z.string().min(1).optional(),
  category: z.string().min(1).optional(),
  ...pageQuery,
});
