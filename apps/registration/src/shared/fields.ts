import { z } from 'zod';
import { serviceTypeSchema } from '@fd/contracts';
import { isValidDate } from '@fd/kernel';

/** Request fields shared by several use cases, with messages a clerk can act on. */
export const text = (max: number) =>
  z.string({ error: 'required' }).trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);

export const phoneNumber = z.string({ error: 'required' }).regex(/^\d{7,15}$/, 'digits only, 7 to 15 of them');

export const calendarDate = z.string({ error: 'required' }).refine(isValidDate, 'must be a real date YYYY-MM-DD');

/** A follow-up service: one feedback form per visit (the contract allows up to 20 visits). */
export const plannedService = z.object({
  type: serviceTypeSchema,
  plannedDate: calendarDate,
  visits: z.number().int('a whole number').min(1, 'at least 1').max(20, 'at most 20').default(1),
});
