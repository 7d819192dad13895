import { z } from 'zod';
import { listFormsQuery } from '@fd/api';

/**
 * GET /api/v1/forms query, as the contract says it (libs/api), its cursor read here: the serial
 * of the last form given, which nobody else gives out.
 */
export const listFormsRequest = listFormsQuery.safeExtend({
  cursor: z
    .string()
    .transform((c) => Buffer.from(c, 'base64url').toString())
    .refine((serial) => /^FD\d{8,}$/.test(serial), 'not a cursor from a previous page')
    .optional(),
});
