import { z } from 'zod';
import { isValidPeriod } from '@fd/kernel';

export const formStatuses = ['issued', 'filed', 'overdue', 'voided'] as const;

/** The longest a list may wait for forms to be issued (waitMs); the gateway asks again if it wants longer. */
export const MAX_WAIT_MS = 10000;

/**
 * GET /api/v1/forms query: filters, an opaque cursor from the previous page, a page size up to 200.
 * With `waitFor=N` (and a purchaseId or cardNo) the answer waits up to `waitMs` until at least N
 * forms match, then answers the page as usual, complete or not.
 */
export const listFormsRequest = z
  .object({
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
    waitFor: z.coerce.number().int().min(1).max(10000).optional(),
    waitMs: z.coerce.number().int().min(0).max(MAX_WAIT_MS).default(MAX_WAIT_MS),
  })
  .refine((q) => q.waitFor === undefined || q.purchaseId !== undefined || q.cardNo !== undefined, {
    path: ['waitFor'],
    message: 'waiting needs a purchaseId or a cardNo',
  });
