import { z } from 'zod';
import { pageQuery } from '@fd/platform';

export const listPenaltyCasesQuery = z.object({
  status: z.enum(['open', 'decided']).optional(),
  merchantId: z.string().min(1).optional(),
  ...pageQuery,
});
