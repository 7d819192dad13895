import { z } from 'zod';
import { ValidationProblem } from '@fd/platform';

/** Lists are `{items, nextCursor?}`, newest first; the cursor is the (time, id) of the last item given. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

interface Cursor {
  at: string;
  id: string;
}

export const pageQuery = {
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
};

/**
 * The time and id a page ended on, exactly as `page` wrote them: a cursor made up by hand
 * (a time PostgreSQL cannot read, a NUL in the id) is refused here, not by the database.
 */
function decodeCursor(cursor: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as Cursor;
    const canonicalTime = typeof c.at === 'string' && new Date(c.at).toISOString() === c.at && c.at >= '0001';
    if (canonicalTime && typeof c.id === 'string' && !c.id.includes('\u0000')) return c;
  } catch {
    // falls through to the refusal below
  }
  throw new ValidationProblem([{ field: 'cursor', message: 'This cursor was not given by this list.' }]);
}

/** Parameterised WHERE conditions, built as filters are given. */
export function filters() {
  const params: unknown[] = [];
  const conditions: string[] = [];
  const param = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  return {
    params,
    param,
    where: (condition: string) => conditions.push(condition),
    /** Keyset paging on a (timestamp, id) pair ordered newest first. */
    after: (cursor: string | undefined, atColumn: string, idColumn: string) => {
      if (!cursor) return;
      const c = decodeCursor(cursor);
      conditions.push(`(${atColumn}, ${idColumn}) < (${param(c.at)}::timestamptz, ${param(c.id)})`);
    },
    clause: () => (conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''),
  };
}

/** Cuts the `limit + 1` rows a query fetched into a page; the extra row only says there is more. */
export function page<R extends { id: string }, T>(rows: R[], limit: number, atOf: (row: R) => Date, view: (row: R) => T): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > limit ? Buffer.from(JSON.stringify({ at: atOf(last).toISOString(), id: last.id })).toString('base64url') : undefined;
  return { items: items.map(view), ...(nextCursor ? { nextCursor } : {}) };
}
