import { FieldError, Problem } from './problem';

/**
 * Text PostgreSQL cannot store: a NUL character, or half of a UTF-16 surrogate pair (which
 * JSON's \ud800 escapes can make). Either would fail deep in a service as a 500.
 */
export const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const UNSTORABLE_MESSAGE = 'contains a NUL character or a broken Unicode character';

/** No input of the API nests deeper than a few levels; a deeper one is refused before anything walks it. */
const MAX_DEPTH = 32;

/** The fields (and keys) of parsed input holding text PostgreSQL cannot store; walked without recursion. */
export function unstorableFields(input: unknown): FieldError[] {
  const found: FieldError[] = [];
  const todo: Array<[unknown, string[]]> = [[input, []]];
  for (let next = todo.pop(); next; next = todo.pop()) {
    const [value, path] = next;
    if (path.length > MAX_DEPTH) throw new Problem(400, 'MALFORMED_REQUEST', `The request nests deeper than ${MAX_DEPTH} levels.`);
    if (typeof value === 'string') {
      if (UNSTORABLE.test(value)) found.push({ field: path.join('.') || '(body)', message: UNSTORABLE_MESSAGE });
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (UNSTORABLE.test(k)) found.push({ field: [...path, k].join('.'), message: UNSTORABLE_MESSAGE });
        else todo.push([v, [...path, k]]);
      }
    }
  }
  return found.reverse();
}
