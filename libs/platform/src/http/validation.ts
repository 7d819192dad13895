import { z } from 'zod';
import { FieldError, ValidationProblem } from './problem';

// PostgreSQL cannot store NUL, nor a lone UTF-16 surrogate in JSON: refuse them as input.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function unstorable(value: unknown, path: string, out: FieldError[], depth = 0): void {
  if (depth > 32) return; // the gateway refuses deeper bodies; a direct caller gets the schema's answer
  if (typeof value === 'string') {
    if (UNSTORABLE.test(value))
      out.push({ field: path || '(body)', message: 'contains a character that cannot be stored (NUL or a broken Unicode escape)' });
  } else if (Array.isArray(value)) value.forEach((v, i) => unstorable(v, path ? `${path}.${i}` : String(i), out, depth + 1));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) unstorable(v, path ? `${path}.${k}` : k, out, depth + 1);
}

/** Parses a request body (or query) with a zod schema; a failure is a 400 naming each bad field. */
export function parseInput<S extends z.ZodTypeAny>(schema: S, input: unknown): z.infer<S> {
  const bad: FieldError[] = [];
  unstorable(input, '', bad);
  if (bad.length) throw new ValidationProblem(bad);
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw new ValidationProblem(result.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message })));
}
