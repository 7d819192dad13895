import { z } from 'zod';
import { nonBlankText } from '../shared/fields';

/** The shape only; the service date's rules are the decider's. */
export const recordFindingRequest = z.object({
  merchantId: z.string().trim().min(1),
  kind: z.literal('service_without_form'),
  servicedOn: z.string().optional(),
  purchaseId: z.string().trim().min(1).optional(),
  note: nonBlankText(4000),
});
