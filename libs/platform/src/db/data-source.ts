import { Client } from 'pg';
import { DataSource, MixedList } from 'typeorm';
import { PlatformTables1764230400000 } from './platform.migration';
import { OutboxNotify1796054815044 } from './outbox-notify.migration';
import { InboxAge1796066006799 } from './inbox-age.migration';
import { OutboxParking1796066600000 } from './outbox-parking.migration';
import { databaseUrl } from '../config/platform.config';
import { log } from '../observability/logger';
import { currentMall, DEFAULT_MALL, inMall } from '../tenancy/mall';
import { MallTenancy1796800000000 } from '../tenancy/mall-tenancy.migration';

/**
 * Creates the database of `url` if it does not exist yet (the first run on a fresh machine). It
 * connects to that database first, and to the server's `postgres` database only when it is
 * missing: a service's own role may connect to its database and nowhere else.
 */
export async function ensureDatabase(url = databaseUrl()): Promise<void> {
  const probe = new Client({ connectionString: url });
  try {
    await probe.connect();
    return;
  } catch (e) {
    if ((e as { code?: string }).code !== '3D000') throw e; // 3D000: no such database
  } finally {
    await probe.end().catch(() => undefined);
  }
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      } catch (e) {
        if (!['42P04', '23505'].includes((e as { code?: string }).code ?? '')) throw e; // created meanwhile by a sibling service
      }
    }
  } finally {
    await client.end();
  }
}

export interface ServiceDataSourceOptions {
  /** The PostgreSQL schema this service owns; no other service reads or writes it. */
  schema: string;
  /** The service's own migrations, run after the platform's tables. */
  migrations?: MixedList<Function>;
  url?: string;
  poolSize?: number;
  /** False for a schema whose tables hold no mall's data (the entry point's accounts name their mall themselves). */
  tenancy?: false;
}

/**
 * A TypeORM DataSource confined to one schema. Migrations, never `synchronize`:
 * every table is created by a migration recorded in `<schema>.migrations`.
 */
export function createServiceDataSource(opts: ServiceDataSourceOptions): DataSource {
  const ds = new DataSource({
    type: 'postgres',
    url: opts.url ?? databaseUrl(),
    schema: opts.schema,
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'migrations',
    migrations: [
      PlatformTables1764230400000,
      OutboxNotify1796054815044,
      InboxAge1796066006799,
      OutboxParking1796066600000,
      ...((opts.migrations as Function[]) ?? []),
      ...(opts.tenancy === false ? [] : [MallTenancy1796800000000]),
    ],
    extra: { max: opts.poolSize ?? 10, options: `-c search_path=${opts.schema}` },
    logging: ['error'],
  });
  setConnectionsToTheirMall(ds);
  return ds;
}

const SET_TO = Symbol('fd.mall');
const HEARD = Symbol('error heard');
type PooledClient = {
  query(sql: string, params: unknown[]): Promise<unknown>;
  on(event: 'error', listener: (e: Error) => void): unknown;
  [SET_TO]?: string;
  [HEARD]?: boolean;
};
type Release = (err?: unknown) => void;

/**
 * Every connection the data source takes from its pool is set to the mall of the work that takes
 * it (`fd.mall`, which the row-level security of every mall table reads; docs/architecture.md,
 * "Malls"), or to none outside a mall, where a mall table shows nothing. A connection remembers
 * the mall it was last set to, so the setting costs a round trip only when the mall changes.
 */
function setConnectionsToTheirMall(ds: DataSource): void {
  const driver = ds.driver as unknown as {
    master?: { on(event: 'connect', listener: (client: PooledClient) => void): unknown };
    obtainMasterConnection(): Promise<[PooledClient, Release]>;
  };
  const obtain = driver.obtainMasterConnection.bind(driver);
  let poolHeard = false;
  driver.obtainMasterConnection = async () => {
    if (!poolHeard && driver.master) {
      // a new client's first messages may hold both its readiness and its end (one chunk of the
      // socket): it must be heard from the moment the pool hands it out
      driver.master.on('connect', hear);
      poolHeard = true;
    }
    const mall = currentMall() ?? '';
    const [client, release] = await obtain();
    hear(client); // one the pool made before it was heard (the pool's first)
    if (client[SET_TO] !== mall) {
      try {
        await client.query(`SELECT set_config('fd.mall', $1, false)`, [mall]);
      } catch (e) {
        release(e);
        throw e;
      }
      client[SET_TO] = mall;
    }
    return [client, release];
  };
}

/**
 * A client's 'error' is heard by the pool while it is idle and by TypeORM while a query runner
 * holds it, but by nobody in between (being handed out, being set to its mall) nor after a failed
 * client was given back (its last message, "terminating connection", can come after the socket's
 * error): unheard, an 'error' ends the process. Every client is heard here for as long as it
 * lives; what to do about the failure stays the pool's and the query's.
 */
function hear(client: PooledClient): void {
  if (client[HEARD]) return;
  client.on('error', (e) => log.warn('a database connection failed', { error: e.message }));
  client[HEARD] = true;
}

/**
 * Connects, creates the schema if needed and runs pending migrations. Several instances of a
 * service may start at once: they take turns (a session advisory lock per schema, held on a
 * connection of its own), so the second finds the migrations done instead of racing them.
 */
export async function openServiceDataSource(opts: ServiceDataSourceOptions): Promise<DataSource> {
  const url = opts.url ?? databaseUrl();
  await ensureDatabase(url);
  const ds = createServiceDataSource(opts);
  await ds.initialize();
  const lock = new Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [`migrate:${opts.schema}`]);
    await ensureSchema(ds, opts.schema);
    // as the default mall, whose are all the rows of the migrations before MallTenancy1796800000000
    // (a backfill that announces events needs a mall); a later one that must change every mall's
    // rows says so (acrossMalls)
    await inMall(DEFAULT_MALL, () => ds.runMigrations({ transaction: 'each' }));
  } catch (e) {
    await ds.destroy().catch(() => undefined);
    throw e;
  } finally {
    await lock.end(); // ends the session, and with it the lock
  }
  return ds;
}

/**
 * Creates the service's schema when it is missing. A service running as its own role finds it
 * made, and owned by that role, by the provisioning (deploy/postgres/service-roles.sql): the role
 * may not create schemas, and `CREATE SCHEMA IF NOT EXISTS` asks for that right even when the
 * schema exists.
 */
async function ensureSchema(ds: DataSource, schema: string): Promise<void> {
  const found = await ds.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  if (found.length > 0) return;
  try {
    await ds.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } catch (e) {
    if ((e as { code?: string }).code !== '42501') throw e; // 42501: insufficient privilege
    throw new Error(
      `schema "${schema}" does not exist and this role may not create it: provision the services' roles first (deploy/postgres/service-roles.sql, docs/operations.md)`,
    );
  }
}

/** The schema a DataSource was opened on. */
export function schemaOf(ds: DataSource): string {
  return (ds.options as { schema?: string }).schema ?? 'public';
}
