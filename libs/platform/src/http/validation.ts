import { z } from 'zod';
import { ValidationProblem } from './problem';

/** Parses a request body (or query) with a zod schema; a failure is a 400 naming each bad field. */
export function parseInput<S extends z.ZodTypeAny>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw new ValidationProblem(result.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message })));
}
