import { z } from 'zod';
import { pageQuery } from '@fd/platform';
import { period } from '../shared/fields';

export const listOpinionsRequest = z.object({
  period: period.optional(),
  merchantId: z.string().min(1).optional(),
  category: z.string().min(1).optional(),
  ...pageQuery,
});
