import { z } from 'zod';
import { ValidationProblem } from './problem';
import { unstorableFields } from './unstorable';

/** Parses a request body (or query) with a zod schema; a failure is a 400 naming each bad field. */
export function parseInput<S extends z.ZodTypeAny>(schema: S, input: unknown): z.infer<S> {
  const unstorable = unstorableFields(input);
  if (unstorable.length) throw new ValidationProblem(unstorable);
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw new ValidationProblem(result.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message })));
}
