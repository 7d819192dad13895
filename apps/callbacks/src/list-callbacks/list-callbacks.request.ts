import { z } from 'zod';
import { pageQuery } from '@fd/platform';

export const listCallbacksRequest = z.object({
  status: z.enum(['open', 'closed']).optional(),
  merchantId: z.string().min(1).optional(),
  /** Serials are upper case (FD00001234); a typed one is accepted in any case, as the forms service does. */
  serial: z.string().trim().min(1).toUpperCase().optional(),
  ...pageQuery,
});
