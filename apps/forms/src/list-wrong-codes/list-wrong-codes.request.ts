import { listWrongCodesQuery } from '@fd/api';
import { cursorSchema } from '@fd/platform';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** GET /api/v1/wrong-verification-codes (the contract, libs/api): optionally one form's, newest first, paged. */
export const listWrongCodesRequest = listWrongCodesQuery.extend({
  // the rows' ids are event ids: a cursor naming anything else was not given out by this list
  cursor: cursorSchema.refine((p) => UUID.test(p.id), 'not a cursor this list gave out').optional(),
});
