import { z } from 'zod';
import { cursorSchema, pageQuery } from '@fd/platform';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** GET /api/v1/wrong-verification-codes: optionally one form's, newest first, paged. */
export const listWrongCodesRequest = z.object({
  /** Serials are upper case (FD00001234); a typed one is accepted in any case. */
  serial: z.string().trim().min(1).toUpperCase().optional(),
  ...pageQuery,
  // the rows' ids are event ids: a cursor naming anything else was not given out by this list
  cursor: cursorSchema.refine((p) => UUID.test(p.id), 'not a cursor this list gave out').optional(),
});
