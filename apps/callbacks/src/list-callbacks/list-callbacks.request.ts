import { z } from 'zod';
import { pageQuery } from '../shared/page';

export const listCallbacksRequest = z.object({
  status: z.enum(['open', 'closed']).optional(),
  merchantId: z.string().min(1).optional(),
  serial: z.string().min(1).optional(),
  ...pageQuery,
});
