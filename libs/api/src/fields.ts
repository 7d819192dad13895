import { z } from 'zod';
import { isIanaTimeZone, isValidDate, isValidPeriod } from '@fd/kernel';
import { ratings, serviceTypes } from './enums';

/** Request fields shared by several routes, with messages a clerk can act on (they reach the answer's `errors`). */
export const text = (max: number) =>
  z.string({ error: 'required' }).trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);

/** Free text a clerk must write something in; what is written is kept as given. */
export const nonBlankText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => s.trim().length > 0, 'must not be blank');

export const phoneNumber = z.string({ error: 'required' }).regex(/^\d{7,15}$/, 'digits only, 7 to 15 of them');

/** A real date, YYYY-MM-DD. */
export const calendarDate = z.string({ error: 'required' }).refine(isValidDate, 'must be a real date YYYY-MM-DD').meta({ format: 'date' });

/** A calendar month, YYYY-MM. */
export const period = z.string().refine(isValidPeriod, 'expected a month YYYY-MM').meta({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' });

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
export const isoDateTime = z.string().datetime({ offset: true });

export const serviceTypeSchema = z.enum(serviceTypes);
export const ratingSchema = z.enum(ratings);

/** An IANA time zone name that Intl knows. */
export const timeZone = z
  .string()
  .refine(isIanaTimeZone, 'not a time zone name (IANA), e.g. Asia/Shanghai')
  .meta({ description: 'An IANA time zone name, e.g. Asia/Shanghai' });

/**
 * The query fields every list takes (docs/api.md#conventions). The cursor is opaque here: each
 * service reads it with its own decoder (libs/platform's `pageQuery`), replacing this one.
 */
export const pageQuery = {
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
};
