import { z } from 'zod';
import { isoDate, ratingSchema } from '@fd/contracts';
import { isValidDate } from '@fd/kernel';

/** POST /api/v1/forms/{serial}/return: what the clerk reads off the returned form. */
export const fileFormRequest = z.object({
  verificationCode: z.string().trim().min(1, 'the verification code printed on the form is required').max(32),
  rating: ratingSchema,
  staffId: z.string().trim().min(1, 'the staff member who did the service is required'),
  servicedOn: isoDate.refine(isValidDate, 'not a calendar date'),
  comment: z.string().trim().max(2000).optional(),
});
