import { z } from 'zod';
import { isValidPeriod } from '@fd/kernel';

/** Free text a clerk must write something in; what is written is kept as given. */
export const nonBlankText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => s.trim().length > 0, 'must not be blank');

/** A calendar month, YYYY-MM. */
export const period = z.string().refine(isValidPeriod, 'expected a month YYYY-MM');
