import type { QueryRunner } from 'typeorm';

/** The quoted schema a migration runs in: every service's migrations take it from the connection. */
export function migrationSchema(q: QueryRunner): string {
  return `"${(q.connection.options as { schema: string }).schema}"`;
}
