import { z } from 'zod';
import { callbackOutcomeSchema, ratingSchema } from '@fd/contracts';

/** The shape only; which outcome needs which field, and the date rules, are the decider's. */
export const recordCallbackAttemptRequest = z.object({
  outcome: callbackOutcomeSchema,
  reportedRating: ratingSchema.optional(),
  newPlannedDate: z.string().optional(),
  note: z.string().max(2000).optional(),
});
