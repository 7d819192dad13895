import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { MALL_INFRASTRUCTURE_TABLES, MALL_POLICY, openServiceDataSource, ServiceDefinition } from '@fd/platform';
import { testDatabaseUrlOf, uniqueName } from '@fd/platform/testing';
// each service's migrations as it boots (the tools may read any project, as tools/kafka/acls.ts does)
// eslint-disable-next-line @nx/enforce-module-boundaries
import { callbacksService } from '../../apps/callbacks/src/callbacks.service-def';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { formsService } from '../../apps/forms/src/forms.service-def';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { gatewayService } from '../../apps/gateway/src/gateway.service-def';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { registrationService } from '../../apps/registration/src/registration.service-def';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { scoringService } from '../../apps/scoring/src/scoring.service-def';
import { provisionServiceRoles, serviceDatabaseUrl } from './service-roles';

/**
 * Malls (docs/architecture.md, "Malls"): every table a service keeps holds one mall's rows under
 * PostgreSQL's row-level security, so a query that forgets its mall still sees only its own. The
 * services' schemas are migrated as in production (each by its own role, in a database of this
 * suite's own) and then read from the catalog: a table a later migration adds without
 * `tenantTable` fails here. Then the policy is put to work as a service's role (no superuser,
 * which would bypass it): a row of the mall 'east' is not there for a connection of 'main', nor
 * for one set to no mall.
 */
describe('every table of a service is per mall', () => {
  const database = uniqueName('fd_malls');
  const prefix = `${uniqueName('m')}_`;
  const tenants: ServiceDefinition[] = [registrationService, formsService, callbacksService, scoringService];
  const services = [...tenants, gatewayService];
  const admin = testDatabaseUrlOf(database);
  const as = (service: string) => serviceDatabaseUrl(admin, service, { rolePrefix: prefix });
  const opened: DataSource[] = [];
  const clients: Client[] = [];

  /** What the catalog says of each table of a schema. */
  const tablesOf = async (schema: string) => {
    const c = await connect(admin);
    const { rows } = await c.query<{
      name: string;
      rls: boolean;
      forced: boolean;
      mall_id: 'not null' | 'nullable' | null;
      policies: string[];
    }>(
      `SELECT c.relname AS name, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
              (SELECT CASE WHEN a.attnotnull THEN 'not null' ELSE 'nullable' END FROM pg_attribute a
                WHERE a.attrelid = c.oid AND a.attname = 'mall_id' AND NOT a.attisdropped) AS mall_id,
              ARRAY(SELECT p.polname::text FROM pg_policy p WHERE p.polrelid = c.oid ORDER BY 1) AS policies
       FROM pg_class c WHERE c.relnamespace = $1::regnamespace AND c.relkind IN ('r', 'p') ORDER BY 1`,
      [schema],
    );
    return rows;
  };

  /** A plain connection; `mall` is passed as the connection's `-c fd.mall=...`. */
  const connect = async (url: string, mall?: string) => {
    const c = new Client({ connectionString: url, ...(mall === undefined ? {} : { options: `-c fd.mall=${mall}` }) });
    await c.connect();
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    await provisionServiceRoles(admin, { services: services.map((s) => s.schema), rolePrefix: prefix });
    for (const s of services)
      opened.push(
        await openServiceDataSource({ schema: s.schema, migrations: s.migrations, tenancy: s.tenancy, url: as(s.schema), poolSize: 2 }),
      );
  });
  afterAll(async () => {
    for (const c of clients) await c.end().catch(() => undefined);
    for (const ds of opened) await ds.destroy().catch(() => undefined);
    const server = new Client({ connectionString: testDatabaseUrlOf('postgres') });
    await server.connect();
    try {
      await server.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      for (const s of services) await server.query(`DROP ROLE IF EXISTS "${prefix}${s.schema}"`);
    } finally {
      await server.end();
    }
  });

  it.each(tenants.map((s) => s.schema))(
    'everyTableOf_%s_butThePlatformsInfrastructure_hasANotNullMallId_underForcedRowLevelSecurityAndTheMallsPolicy',
    async (schema) => {
      const tables = await tablesOf(schema);
      // the test reads real tables: a service's own ones and the platform's event store among them
      expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['events', 'streams', ...MALL_INFRASTRUCTURE_TABLES]));
      expect(tables.length).toBeGreaterThan(MALL_INFRASTRUCTURE_TABLES.length + 3);
      const wrong = tables
        .filter((t) => !MALL_INFRASTRUCTURE_TABLES.includes(t.name))
        .flatMap((t) => [
          ...(t.mall_id === 'not null' ? [] : [`${schema}.${t.name}: mall_id is ${t.mall_id ?? 'missing'}`]),
          ...(t.rls ? [] : [`${schema}.${t.name}: row-level security is not enabled`]),
          ...(t.forced ? [] : [`${schema}.${t.name}: row-level security is not forced (its owner, the service, would see every mall)`]),
          ...(t.policies.includes(MALL_POLICY)
            ? []
            : [`${schema}.${t.name}: no policy ${MALL_POLICY} (has ${t.policies.join(', ') || 'none'})`]),
        ]);
      expect(wrong).toEqual([]);
      // the infrastructure tables belong to no mall: their rows are every mall's
      const infrastructure = tables.filter((t) => MALL_INFRASTRUCTURE_TABLES.includes(t.name));
      expect(infrastructure.filter((t) => t.rls || t.mall_id).map((t) => t.name)).toEqual([]);
    },
  );

  it('theGatewaysAccounts_nameTheirMall_outsideRowLevelSecurity_whileItsStreamsAndEventsAreUnderIt', async () => {
    const tables = await tablesOf('gateway');
    const byName = Object.fromEntries(tables.map((t) => [t.name, t]));
    expect(byName.users).toMatchObject({ mall_id: 'not null', rls: false });
    expect(tables.filter((t) => t.rls).map((t) => t.name)).toEqual(['events', 'streams']);
    for (const name of ['events', 'streams'])
      expect(byName[name]).toMatchObject({ mall_id: 'not null', rls: true, forced: true, policies: [MALL_POLICY] });
  });

  describe('the policy, for a service role', () => {
    const streamId = uniqueName('purchase-east');
    const count = async (c: Client) =>
      (await c.query<{ n: number }>('SELECT count(*)::int AS n FROM registration.streams WHERE stream_id = $1', [streamId])).rows[0].n;

    beforeAll(async () => {
      const east = await connect(as('registration'), 'east');
      const [who] = (
        await east.query<{ user: string; bypass: boolean }>(
          `SELECT current_user AS user, (SELECT rolbypassrls OR rolsuper FROM pg_roles WHERE rolname = current_user) AS bypass`,
        )
      ).rows;
      expect(who).toEqual({ user: `${prefix}registration`, bypass: false });
      // no mall named: the row takes the connection's
      await east.query(`INSERT INTO registration.streams (stream_id, stream_type, version) VALUES ($1, 'purchase', 1)`, [streamId]);
    });

    it('aRowWrittenInEast_isEastsAndEastSeesIt', async () => {
      const east = await connect(as('registration'), 'east');
      const { rows } = await east.query('SELECT mall_id, version FROM registration.streams WHERE stream_id = $1', [streamId]);
      expect(rows).toEqual([{ mall_id: 'east', version: 1 }]);
    });

    it('aConnectionOfMain_doesNotSeeEastsRow_norUpdatesNorDeletesIt_norWritesARowIntoEast', async () => {
      const main = await connect(as('registration'), 'main');
      expect(await count(main)).toBe(0);
      expect((await main.query('UPDATE registration.streams SET version = 99 WHERE stream_id = $1', [streamId])).rowCount).toBe(0);
      expect((await main.query('DELETE FROM registration.streams WHERE stream_id = $1', [streamId])).rowCount).toBe(0);
      await expect(
        main.query(`INSERT INTO registration.streams (stream_id, stream_type, version, mall_id) VALUES ($1, 'purchase', 1, 'east')`, [
          `${streamId}-planted`,
        ]),
      ).rejects.toThrow('new row violates row-level security policy for table "streams"');
      // and its own row cannot be moved into east either
      await main.query(`INSERT INTO registration.streams (stream_id, stream_type, version) VALUES ($1, 'purchase', 1)`, [
        `${streamId}-main`,
      ]);
      await expect(
        main.query(`UPDATE registration.streams SET mall_id = 'east' WHERE stream_id = $1`, [`${streamId}-main`]),
      ).rejects.toThrow('new row violates row-level security policy for table "streams"');
      const east = await connect(as('registration'), 'east');
      const { rows } = await east.query('SELECT stream_id, version FROM registration.streams WHERE stream_id LIKE $1 ORDER BY 1', [
        `${streamId}%`,
      ]);
      expect(rows).toEqual([{ stream_id: streamId, version: 1 }]);
    });

    it.each([
      ['neverSetToAMall', undefined],
      ['setToNoMall', ''],
    ])('aConnection_%s_seesNothing_andCannotInsert', async (_, mall) => {
      const none = await connect(as('registration'), mall);
      const [set] = (await none.query<{ mall: string | null }>(`SELECT current_setting('fd.mall', true) AS mall`)).rows;
      expect(set.mall ?? '').toBe('');
      // rows of two malls are there
      expect(await count(await connect(as('registration'), 'east'))).toBe(1);
      expect((await none.query('SELECT count(*)::int AS n FROM registration.streams')).rows).toEqual([{ n: 0 }]);
      await expect(
        none.query(`INSERT INTO registration.streams (stream_id, stream_type, version) VALUES ($1, 'purchase', 1)`, [`${streamId}-nobody`]),
        // refused whichever check comes first: no mall, the policy, or not a mall's name
      ).rejects.toThrow(
        /violates row-level security policy|null value in column "mall_id"|violates check constraint "streams_mall_id_is_a_mall"/,
      );
      await expect(
        none.query(`INSERT INTO registration.streams (stream_id, stream_type, version, mall_id) VALUES ($1, 'purchase', 1, 'main')`, [
          `${streamId}-nobody`,
        ]),
      ).rejects.toThrow('new row violates row-level security policy for table "streams"');
      const server = await connect(admin); // the administrator, a superuser, sees every mall's rows
      const { rows } = await server.query('SELECT mall_id FROM registration.streams WHERE stream_id LIKE $1 ORDER BY 1', [`${streamId}%`]);
      expect(rows).toEqual([{ mall_id: 'east' }, { mall_id: 'main' }]);
    });
  });
});
