import { z } from 'zod';
import { pageQuery } from '@fd/platform';

export const listFindingsRequest = z.object({
  merchantId: z.string().min(1).optional(),
  ...pageQuery,
});
