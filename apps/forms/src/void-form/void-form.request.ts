import { z } from 'zod';

/** POST /api/v1/forms/{serial}/void: why the form no longer counts (e.g. the customer cancelled the service). */
export const voidFormRequest = z.object({
  reason: z.string().trim().min(1, 'say why the form is voided').max(500),
});
