import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { DataSource } from 'typeorm';
import { EventStore, openServiceDataSource, SharedTestClock } from '@fd/platform';
import { testDatabaseUrlOf, uniqueName } from '@fd/platform/testing';
import { provisionServiceRoles, serviceDatabaseUrl } from './service-roles';

/**
 * A role per service (deploy/postgres/service-roles.sql), on the real PostgreSQL: a database of
 * this suite's own, and roles of its own (a prefix of its own, since roles belong to the whole
 * server). Every service has the platform's tables (events, outbox, inbox...): registration's
 * event log holds each purchase with the customer's name and phone, and a row in its outbox is
 * published as registration's. Registration's schema is made the way it was before the roles, by
 * the administrator, with a purchase in it; then the roles are provisioned and each service
 * migrates as its own role.
 */
describe('a database role per service', () => {
  const database = uniqueName('fd_roles');
  const prefix = `${uniqueName('r')}_`;
  const services = ['registration', 'forms', 'gateway'];
  const admin = testDatabaseUrlOf(database);
  const as = (service: string) => serviceDatabaseUrl(admin, service, { rolePrefix: prefix });
  const meta = () => ({ now: new Date(), actor: { id: 'u1', role: 'clerk' as const }, correlationId: randomUUID(), causationId: null });
  const purchase = (id: string) => ({
    type: 'PurchaseRegistered',
    data: { purchaseId: id, customer: { name: 'Lin', phone: '0912345678' } },
  });
  let registration: DataSource;
  let forms: DataSource;
  const clients: Array<Client | Pool> = [];

  /** A plain connection as the service's role. */
  const connectAs = async (service: string) => {
    const c = new Client({ connectionString: as(service) });
    await c.connect();
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    const before = await openServiceDataSource({ schema: 'registration', url: admin });
    await before.transaction((m) =>
      new EventStore('registration').append(m, 'purchase-before', 'purchase', 0, [purchase('before')], meta()),
    );
    await before.destroy();
    await provisionServiceRoles(admin, { services, rolePrefix: prefix, testClock: true });
    registration = await openServiceDataSource({ schema: 'registration', url: as('registration') });
    forms = await openServiceDataSource({ schema: 'forms', url: as('forms') });
  });
  afterAll(async () => {
    for (const c of clients) await c.end().catch(() => undefined);
    await registration?.destroy();
    await forms?.destroy();
    const server = new Client({ connectionString: testDatabaseUrlOf('postgres') });
    await server.connect();
    try {
      await server.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      for (const s of services) await server.query(`DROP ROLE IF EXISTS "${prefix}${s}"`);
    } finally {
      await server.end();
    }
  });

  it('aServiceConnectsAsItsOwnRole_andOwnsItsSchemaAndEveryTableItsMigrationsMade', async () => {
    const [who] = await forms.query('SELECT current_user AS name');
    expect(who.name).toBe(`${prefix}forms`);
    const owners = await forms.query(
      `SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relnamespace = 'forms'::regnamespace`,
    );
    expect(owners).toEqual([{ owner: `${prefix}forms` }]);
  });

  it('aServiceReadsAndWritesItsOwnSchema_eventsBelowTheSnapshotHorizon_andItsOutboxWakesItsListener', async () => {
    const store = new EventStore('forms');
    const streamId = `form-${randomUUID()}`;
    await forms.transaction((m) => store.append(m, streamId, 'form', 0, [{ type: 'FormIssued', data: { serial: 'FD00000001' } }], meta()));
    const all = await store.readAll(forms.manager, 0);
    expect(all.map((e) => e.streamId)).toContain(streamId);

    const listener = await connectAs('forms');
    const woken = new Promise<string>((resolve) => listener.on('notification', (n) => resolve(n.channel)));
    await listener.query('LISTEN "forms.outbox"');
    await forms.query(`INSERT INTO forms.outbox (message_id, topic, key, lane, value) VALUES ($1, 'forms.v1', $2, 0, '{}')`, [
      randomUUID(),
      streamId,
    ]);
    expect(await woken).toBe('forms.outbox');
  });

  it('aSchemaTheAdministratorMadeBeforeTheRoles_isHandedOverToItsService_withItsData', async () => {
    const store = new EventStore('registration');
    const before = await store.readStream(registration.manager, 'purchase-before');
    expect(before.map((e) => e.data)).toEqual([purchase('before').data]);
    await registration.transaction((m) => store.append(m, 'purchase-before', 'purchase', 1, [purchase('again')], meta()));
    expect(await store.readStream(registration.manager, 'purchase-before')).toHaveLength(2);
  });

  it('aServiceGetsPermissionDenied_readingAnotherServicesPurchases_orWritingIntoItsOutbox', async () => {
    const formsRole = await connectAs('forms');
    await expect(formsRole.query(`SELECT data FROM registration.events WHERE type = 'PurchaseRegistered'`)).rejects.toThrow(
      'permission denied for schema registration',
    );
    // a row in registration's outbox would be published to Kafka as registration's
    await expect(
      formsRole.query(
        `INSERT INTO registration.outbox (message_id, topic, key, lane, value) VALUES ($1, 'registration.purchases.v1', 'p', 0, '{}')`,
        [randomUUID()],
      ),
    ).rejects.toThrow('permission denied for schema registration');
    const registrationRole = await connectAs('registration');
    await expect(registrationRole.query('SELECT data FROM forms.events')).rejects.toThrow('permission denied for schema forms');
    expect(await registration.query('SELECT count(*)::int AS n FROM registration.outbox')).toEqual([{ n: 0 }]);
  });

  it('aServiceCannotCreateObjects_inAnotherServicesSchema_inPublic_aNewSchema_orTemporaryTables', async () => {
    const formsRole = await connectAs('forms');
    await expect(formsRole.query('CREATE TABLE registration.stolen (id int)')).rejects.toThrow('permission denied for schema registration');
    await expect(formsRole.query('CREATE TABLE public.stolen (id int)')).rejects.toThrow('permission denied for schema public');
    await expect(formsRole.query('CREATE SCHEMA stolen')).rejects.toThrow(`permission denied for database ${database}`);
    await expect(formsRole.query('CREATE TEMPORARY TABLE stolen (id int)')).rejects.toThrow('permission denied to create temporary tables');
    await expect(formsRole.query(`SET ROLE "${prefix}registration"`)).rejects.toThrow(
      `permission denied to set role "${prefix}registration"`,
    );
  });

  it('everyServiceReadsTheSharedTestClock_butOnlyTheGatewayMovesIt', async () => {
    const pool = (service: string) => {
      const p = new Pool({ connectionString: as(service), max: 1 });
      clients.push(p);
      return p;
    };
    const formsClock = new SharedTestClock(pool('forms'));
    const gatewayClock = new SharedTestClock(pool('gateway'));
    const target = new Date(Date.now() + 10 * 86400000);
    await expect(formsClock.moveTo(target)).rejects.toThrow('permission denied for table offset_ms');
    const moved = await gatewayClock.moveTo(target);
    expect(moved.getTime()).toBeGreaterThanOrEqual(target.getTime());
    expect((await formsClock.now()).getTime()).toBeGreaterThanOrEqual(target.getTime());
  });

  it('provisioningAgain_changesNothing_andLeavesEveryServiceItsData', async () => {
    await provisionServiceRoles(admin, { services, rolePrefix: prefix, testClock: true });
    const kept = await new EventStore('registration').readStream(registration.manager, 'purchase-before');
    expect(kept[0].data).toEqual(purchase('before').data);
    const formsRole = await connectAs('forms');
    await expect(formsRole.query('SELECT data FROM registration.events')).rejects.toThrow('permission denied for schema registration');
  });
});
