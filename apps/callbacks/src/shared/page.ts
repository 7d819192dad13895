import type { Position } from '@fd/platform';

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
    /** Keyset paging on a (timestamp, id) pair ordered newest first (the cursor is decoded by `pageQuery`). */
    after: (cursor: Position | undefined, atColumn: string, idColumn: string) => {
      if (cursor) conditions.push(`(${atColumn}, ${idColumn}) < (${param(cursor.at)}::timestamptz, ${param(cursor.id)})`);
    },
    clause: () => (conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''),
  };
}
