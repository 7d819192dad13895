import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '../db/migration-schema';
import { DEFAULT_MALL } from './mall';

/**
 * The platform's own tables that belong to no mall: the migrations' record, the outbox (whose
 * messages carry their mall in the envelope), the inbox (message ids are unique everywhere) and
 * the idempotency keys (made from a user's own key, and a user belongs to one mall).
 */
export const MALL_INFRASTRUCTURE_TABLES: readonly string[] = ['migrations', 'outbox', 'inbox', 'idempotency_keys'];

/** The policy every mall table has: a connection sees and writes the rows of the mall it is set to (or every mall's, set to `*`). */
export const MALL_POLICY = 'rows_of_the_mall';
const inTheMall = `(mall_id = current_setting('fd.mall', true) OR current_setting('fd.mall', true) = '*')`;

/**
 * Primary keys of the platform's tables that a mall names itself (the stream `policy`, a policy's
 * version number) and so may be the same in two malls: they become (mall_id, ...). A service's
 * own such keys are its own later migration's (e.g. registration's certificates).
 */
const PER_MALL_KEYS: Record<string, string[]> = { policy_versions: ['version'] };

/**
 * The migration that makes a service's tables hold several malls: every table but the
 * platform's infrastructure gets `mall_id` (the rows already there belong to the default mall;
 * a new row takes the mall the connection is set to), row-level security forced even on the
 * owner, and the policy `rows_of_the_mall`. A key that a mall names itself becomes per mall.
 * Every service but the entry point has it (createServiceDataSource); a table made by a later
 * migration gets the same by `tenantTable` (the test `every-table-is-per-mall.int.spec.ts` finds one that did not).
 */
export class MallTenancy1796800000000 implements MigrationInterface {
  name = 'MallTenancy1796800000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    for (const table of await tablesOf(q)) {
      await tenantTable(q, s, table);
      if (PER_MALL_KEYS[table]) await rekey(q, s, table, ['mall_id', ...PER_MALL_KEYS[table]]);
    }
    await streamsPerMall(q, s);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`ALTER TABLE ${s}.events DROP CONSTRAINT events_stream_position_in_mall`);
    await q.query(`ALTER TABLE ${s}.events ADD CONSTRAINT events_stream_id_stream_position_key UNIQUE (stream_id, stream_position)`);
    for (const table of await tablesOf(q)) {
      await untenantTable(q, s, table);
      const key = table === 'streams' ? ['stream_id'] : PER_MALL_KEYS[table];
      if (key) await q.query(`ALTER TABLE ${s}.${table} ADD PRIMARY KEY (${key.join(', ')})`);
    }
  }
}

async function tablesOf(q: QueryRunner): Promise<string[]> {
  const schema = (q.connection.options as { schema: string }).schema;
  const rows: Array<{ name: string }> = await q.query(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND c.relname <> ALL($2) ORDER BY 1`,
    [schema, MALL_INFRASTRUCTURE_TABLES],
  );
  return rows.map((r) => r.name);
}

/** Gives one table its `mall_id` and the mall's row-level security. */
export async function tenantTable(q: Pick<QueryRunner, 'query'>, s: string, table: string): Promise<void> {
  // a constant default first (no rewrite of the table): the rows already there are the default mall's
  await q.query(
    `ALTER TABLE ${s}.${table} ADD COLUMN mall_id text NOT NULL DEFAULT '${DEFAULT_MALL}' CONSTRAINT ${table}_mall_id_is_a_mall CHECK (mall_id ~ '^[a-z][a-z0-9-]{1,30}$')`,
  );
  await q.query(`ALTER TABLE ${s}.${table} ALTER COLUMN mall_id SET DEFAULT current_setting('fd.mall', true)`);
  await q.query(`ALTER TABLE ${s}.${table} ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
  await q.query(`CREATE POLICY ${MALL_POLICY} ON ${s}.${table} USING ${inTheMall} WITH CHECK ${inTheMall}`);
}

/** Undoes `tenantTable`: the policy, row-level security and `mall_id` go (and with it a key that holds it). */
export async function untenantTable(q: Pick<QueryRunner, 'query'>, s: string, table: string): Promise<void> {
  await q.query(`DROP POLICY IF EXISTS ${MALL_POLICY} ON ${s}.${table}`);
  await q.query(`ALTER TABLE ${s}.${table} NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY`);
  await q.query(`ALTER TABLE ${s}.${table} DROP COLUMN mall_id CASCADE`);
}

/** After `tenantTable` on `streams` and `events`: a stream's id is per mall, and its positions per stream of a mall. */
export async function streamsPerMall(q: Pick<QueryRunner, 'query'>, s: string): Promise<void> {
  await rekey(q, s, 'streams', ['mall_id', 'stream_id']);
  await q.query(`ALTER TABLE ${s}.events DROP CONSTRAINT IF EXISTS events_stream_id_stream_position_key`);
  await q.query(`ALTER TABLE ${s}.events ADD CONSTRAINT events_stream_position_in_mall UNIQUE (mall_id, stream_id, stream_position)`);
}

/** Makes a table's primary key `columns` (the first being mall_id). */
export async function rekey(q: Pick<QueryRunner, 'query'>, s: string, table: string, columns: string[]): Promise<void> {
  const [pk]: Array<{ name: string }> = await q.query(
    `SELECT conname AS name FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'p'`,
    [`${s}.${table}`],
  );
  if (pk) await q.query(`ALTER TABLE ${s}.${table} DROP CONSTRAINT "${pk.name}"`);
  await q.query(`ALTER TABLE ${s}.${table} ADD PRIMARY KEY (${columns.join(', ')})`);
}
