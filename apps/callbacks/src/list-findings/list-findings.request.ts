import { z } from 'zod';
import { pageQuery } from '../shared/page';

export const listFindingsRequest = z.object({
  merchantId: z.string().min(1).optional(),
  ...pageQuery,
});
