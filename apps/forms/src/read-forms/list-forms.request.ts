import { z } from 'zod';
import { isValidPeriod } from '@fd/kernel';

export const formStatuses = ['issued', 'filed', 'overdue', 'voided'] as const;

/** GET /api/v1/forms query: filters, an opaque cursor from the previous page, a page size up to 200. */
export const listFormsRequest = z.object({
  merchantId: z.string().trim().min(1).optional(),
  status: z.enum(formStatuses).optional(),
  period: z.string().refine(isValidPeriod, 'expected a month YYYY-MM').optional(),
  purchaseId: z.string().trim().min(1).optional(),
  cardNo: z.string().trim().min(1).optional(),
  cursor: z
    .string()
    .transform((c) => Buffer.from(c, 'base64url').toString())
    .refine((serial) => /^FD\d{8,}$/.test(serial), 'not a cursor from a previous page')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
