import { randomUUID } from 'node:crypto';
import { MerchantNumbered, MerchantRegistered, Topics } from '@fd/contracts';
import { bootTestService, TopicTap } from '@fd/platform/testing';
import { MerchantNumbers1796400000000 } from './migrations/1796400000000-merchant-numbers';
import { MerchantNumbersPerMall1796800000002 } from './migrations/1796800000002-merchant-numbers-per-mall';
import { testToken } from '@fd/platform/testing';
import { registrationService } from './registration.service-def';
import { client, tokens } from './registration.test-client';

/**
 * The mall's short merchant numbers (M-0001): a new merchant takes the next one when it is
 * registered; merchants registered before numbers existed get theirs from the migration, in the
 * order they were registered, as an event of their own stream, announced to the other services.
 */
describe('merchant numbers (real PostgreSQL and Kafka)', () => {
  let svc: Awaited<ReturnType<typeof bootTestService>>;
  let api: ReturnType<typeof client>;
  let tap: TopicTap;

  beforeAll(async () => {
    svc = await bootTestService(registrationService);
    api = client(svc);
    tap = await TopicTap.open(svc.runtime.kafka, [svc.topicPrefix + Topics.merchants]);
  });
  afterAll(async () => {
    await tap?.close();
    await svc?.stop();
  });

  /** Runs the migration's `down` and `up` in one transaction, with `between` done in the registry as it was before. */
  async function beforeNumbers(between: (q: { query: (sql: string, params?: unknown[]) => Promise<unknown> }) => Promise<void>) {
    const q = svc.runtime.ds.createQueryRunner();
    await q.startTransaction();
    try {
      const migration = new MerchantNumbers1796400000000();
      const perMall = new MerchantNumbersPerMall1796800000002(); // the numbers' later migration, undone and done again around it
      await perMall.down(q);
      await migration.down(q);
      await between(q);
      await migration.up(q);
      await perMall.up(q);
      await q.commitTransaction();
    } catch (e) {
      await q.rollbackTransaction();
      throw e;
    } finally {
      await q.release();
    }
  }

  it('merchantsRegisteredBeforeNumbers_getThemInTheOrderTheyWereRegistered_asEventsOfTheirOwn_andNewOnesTakeTheNext', async () => {
    const s = `"${svc.schema}"`;
    const old = [
      { id: randomUUID(), name: '老字號地板', stall: 'A-001', at: '2025-01-02T02:00:00.000Z' },
      { id: randomUUID(), name: '老字號門窗', stall: 'A-002', at: '2025-03-04T02:00:00.000Z' },
    ];
    await beforeNumbers(async (q) => {
      // two merchants as a registry before numbers held them: the stream's one event, the row, no number
      for (const m of [...old].reverse()) {
        const data = { merchantId: m.id, name: m.name, stall: m.stall, category: 'flooring', registeredAt: m.at };
        await q.query(`INSERT INTO ${s}.streams (stream_id, stream_type, version) VALUES ($1, 'merchant', 1)`, [`merchant-${m.id}`]);
        await q.query(
          `INSERT INTO ${s}.events (stream_id, stream_type, stream_position, event_id, type, data, metadata)
           VALUES ($1, 'merchant', 1, $2, 'MerchantRegistered', $3::jsonb, $4::jsonb)`,
          [`merchant-${m.id}`, randomUUID(), JSON.stringify(data), JSON.stringify({ occurredAt: m.at, actor: { id: 'a', role: 'admin' } })],
        );
        await q.query(`INSERT INTO ${s}.merchants (id, name, stall, category, registered_at) VALUES ($1, $2, $3, 'flooring', $4)`, [
          m.id,
          m.name,
          m.stall,
          m.at,
        ]);
      }
    });

    const list = (await api.as(tokens.clerk).get('/api/v1/merchants')).body.items as Array<{ id: string; number: string }>;
    expect(old.map((m) => list.find((x) => x.id === m.id)?.number)).toEqual(['M-0001', 'M-0002']);
    // the number is in each merchant's own history
    const numbered = await svc.runtime.ds.query(
      `SELECT stream_id, stream_position, data FROM ${s}.events WHERE type = 'MerchantNumbered' ORDER BY 1`,
    );
    expect(numbered).toHaveLength(2);
    for (const e of numbered) expect(e.stream_position).toBe(2);
    // and told to the services that print it
    await tap.waitFor('MerchantNumbered', (t) => t.envelopes(MerchantNumbered.type).length >= 2);
    expect(tap.envelopes(MerchantNumbered.type).map((e) => e.payload)).toEqual(
      expect.arrayContaining([
        { merchantId: old[0].id, number: 'M-0001' },
        { merchantId: old[1].id, number: 'M-0002' },
      ]),
    );

    // a merchant registered now takes the next number, in the registry and in what it publishes
    const fresh = await api.registerMerchant('新開張磁磚', 'B-101', 'tiles');
    expect((await api.as(tokens.admin).get(`/api/v1/merchants/${fresh}`)).body).toMatchObject({ id: fresh, number: 'M-0003' });
    await tap.waitFor('MerchantRegistered', (t) => t.envelopes(MerchantRegistered.type).some((e) => e.streamId === fresh));
    expect(tap.envelopes(MerchantRegistered.type).find((e) => e.streamId === fresh)?.payload).toMatchObject({ number: 'M-0003' });
    // the merchant sees its own number
    expect((await api.as(tokens.merchant(old[0].id)).get(`/api/v1/merchants/${old[0].id}`)).body.number).toBe('M-0001');
  });

  it('eachMall_numbersItsOwnMerchants_fromM0001', async () => {
    const eastAdmin = testToken({ sub: 'east-admin', username: 'east-admin', role: 'admin', mallId: 'east-numbers' });
    const register = async (token: string, name: string) => {
      const r = await api.as(token).post('/api/v1/merchants', { name, stall: 'E-1', category: 'tiles' });
      expect(r.status).toBe(201);
      return (await api.as(token).get(`/api/v1/merchants/${r.body.id}`)).body.number as string;
    };
    const mainBefore = await register(tokens.admin, '本店磁磚');
    expect(await register(eastAdmin, '東店磁磚')).toBe('M-0001');
    expect(await register(eastAdmin, '東店門窗')).toBe('M-0002');
    // the mall main goes on from its own last number, whatever the other mall gave
    expect(await register(tokens.admin, '本店門窗')).toBe(`M-${String(Number(mainBefore.slice(2)) + 1).padStart(4, '0')}`);
  });
});
