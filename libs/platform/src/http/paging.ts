import { z } from 'zod';

/**
 * Lists are `{items, nextCursor?}` (docs/api.md#conventions). Our lists page by keyset on a (time, id) pair,
 * newest first; the cursor is the position of the last item given, opaque to clients.
 */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface Position {
  /** An ISO 8601 instant. */
  at: string;
  id: string;
}

export function encodeCursor(p: { at: string | Date; id: string }): string {
  return Buffer.from(JSON.stringify([new Date(p.at).toISOString(), p.id])).toString('base64url');
}

/** Accepts only a cursor exactly as `encodeCursor` wrote it: a time PostgreSQL cannot read, or a NUL in the id, is a 400 here. */
export const cursorSchema = z.string().transform((raw, ctx): Position => {
  try {
    const [at, id] = JSON.parse(Buffer.from(raw, 'base64url').toString());
    const canonicalTime = typeof at === 'string' && new Date(at).toISOString() === at && at >= '0001';
    if (canonicalTime && typeof id === 'string' && id.length > 0 && !id.includes('\u0000')) return { at, id };
  } catch {
    // not ours; reported below
  }
  ctx.addIssue({ code: 'custom', message: 'not a cursor this list gave out' });
  return z.NEVER;
});

/** The query fields every list takes. */
export const pageQuery = {
  cursor: cursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
};

/** Cuts the `limit + 1` rows a query fetched into a page; the extra row only says there is more. */
export function pageOf<R, T>(
  rows: R[],
  limit: number,
  positionOf: (row: R) => { at: string | Date; id: string },
  view: (row: R) => T,
): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items: items.map(view), ...(rows.length > limit && last !== undefined ? { nextCursor: encodeCursor(positionOf(last)) } : {}) };
}
