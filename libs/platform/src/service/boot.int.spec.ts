import { Body, Controller, Get, Inject, Injectable, Module, Post } from '@nestjs/common';
import { z } from 'zod';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { FormFiled, PayloadOf, Topics } from '@fd/contracts';
import { bootTestService, dropSchema, probe, publishEvent, testDatabaseUrl, uniqueName } from '../testing';
import { testToken } from '../testing/tokens';
import { EventContext } from './event-transport';
import { RUNTIME } from './platform.module';
import { ServiceRuntime } from './runtime';
import { Roles } from '../auth/guard';
import { parseInput } from '../http/validation';
import { bootService, migrateService, ServiceDefinition } from './boot';
import { migrationSchema } from '../db/migration-schema';
import { ConfigurationError, setting } from '../config/config';
import { serviceConfig } from '../config/platform.config';
import { Client } from 'pg';

class Tally1 implements MigrationInterface {
  name = 'Tally1700000000001';
  async up(q: QueryRunner) {
    const s = migrationSchema(q);
    await q.query(`CREATE TABLE ${s}.tally (serial text PRIMARY KEY, n int NOT NULL)`);
  }
  async down() {}
}

@Injectable()
@Controller()
class TallyController {
  constructor(@Inject(RUNTIME) private readonly rt: ServiceRuntime) {}

  @EventPattern(FormFiled.type)
  async onFiled(@Payload() p: PayloadOf<typeof FormFiled>, @Ctx() ctx: EventContext) {
    if (p.staffId === 'boom') throw new Error('handler exploded');
    await ctx.tx.query(
      `INSERT INTO "${this.rt.schema}".tally (serial, n) VALUES ($1, 1) ON CONFLICT (serial) DO UPDATE SET n = tally.n + 1`,
      [p.serial],
    );
  }

  @Roles('admin')
  @Post('api/v1/tally')
  async add(@Body() body: unknown) {
    const { serial } = parseInput(z.object({ serial: z.string().min(1) }), body);
    await this.rt.ds.query(`INSERT INTO "${this.rt.schema}".tally (serial, n) VALUES ($1, 0)`, [serial]);
    return { serial };
  }

  @Roles('admin')
  @Get('api/v1/tally')
  async list() {
    return { items: await this.rt.ds.query(`SELECT serial, n FROM "${this.rt.schema}".tally ORDER BY serial`) };
  }
}

@Module({ controllers: [TallyController] })
class TallyModule {}

const def: ServiceDefinition = {
  name: 'tally',
  schema: 'tally',
  port: 0,
  module: () => TallyModule,
  migrations: [Tally1],
  consumes: [Topics.forms],
};

const filed = (serial: string, staffId = 's1'): PayloadOf<typeof FormFiled> => ({
  serial,
  merchantId: 'm1',
  plannedDate: '2026-10-05',
  rating: 'satisfied',
  staffId,
  staffCertified: true,
  servicedOn: '2026-10-05',
  filedAt: '2026-10-06T02:00:00.000Z',
  late: false,
});

describe('a service booted on the platform (real PostgreSQL and Kafka)', () => {
  let svc: Awaited<ReturnType<typeof bootTestService>>;
  const admin = testToken({ sub: 'a', username: 'admin', role: 'admin' });
  const tally = async () => {
    const r = await fetch(`${svc.url}/api/v1/tally`, { headers: { authorization: `Bearer ${admin}` } });
    return ((await r.json()) as { items: Array<{ serial: string; n: number }> }).items;
  };

  const session = process.env.KAFKA_SESSION_TIMEOUT_MS;
  beforeAll(async () => {
    process.env.KAFKA_SESSION_TIMEOUT_MS = '6000'; // the shortest the broker allows: recovery within seconds
    svc = await bootTestService(def);
  });
  afterAll(async () => {
    await svc?.stop();
    if (session === undefined) delete process.env.KAFKA_SESSION_TIMEOUT_MS;
    else process.env.KAFKA_SESSION_TIMEOUT_MS = session;
  });

  it('health_reportsDatabaseKafkaAndItsConsumerUp', async () => {
    // the consumer joins its group in the background: the service answers at once, and is up once it has joined
    const r = await probe(
      async () => {
        const a = await fetch(`${svc.url}/health`);
        return { status: a.status, body: await a.json() };
      },
      (a) => a.status === 200,
      { what: 'health up once the consumer has joined its group' },
    );
    const group = `${svc.topicPrefix}${svc.schema}.consumer`;
    expect(r.body).toMatchObject({
      status: 'up',
      checks: { database: 'up', kafka: 'up', [`consumer ${group}`]: 'up' },
      details: { [`consumer ${group}`]: { member: true, restarts: 0 } },
    });
  });

  it('liveAndReady_answerSeparately_andReadinessFallsWhenTheConsumerLeavesItsGroup', async () => {
    expect((await fetch(`${svc.url}/health/live`)).status).toBe(200);
    expect((await fetch(`${svc.url}/health/ready`)).status).toBe(200);
    // the consumer leaves its group (as when the broker evicts it): not ready, still live
    const consumer = svc.app.getMicroservices()[0].unwrap<{ consumer: { stop(): Promise<void> } }>().consumer;
    await consumer.stop();
    const ready = await probe(
      async () => {
        const r = await fetch(`${svc.url}/health/ready`);
        return { status: r.status, body: (await r.json()) as { checks: Record<string, string> } };
      },
      (r) => r.status === 503,
      { what: 'readiness down while the consumer is out of its group' },
    );
    expect(JSON.stringify(ready.body.checks)).toMatch(/not a member/);
    expect((await fetch(`${svc.url}/health/live`)).status).toBe(200);
    // and it comes back by itself: the watchdog replaces the consumer
    await probe(
      async () => (await fetch(`${svc.url}/health/ready`)).status,
      (s) => s === 200,
      { what: 'readiness back after the consumer was replaced', timeoutMs: 60000 },
    );
    await publishEvent(svc.runtime.kafka, svc.topicPrefix, FormFiled, filed('after-replacement'));
    await probe(tally, (t) => t.some((x) => x.serial === 'after-replacement'), { what: 'an event handled by the new consumer' });
  });

  it('apiAnswers_areNotCached_andAnOddCorrelationId_isReplaced', async () => {
    const admin = testToken({ sub: 'a', username: 'admin', role: 'admin' });
    const plain = await fetch(`${svc.url}/api/v1/tally`, {
      headers: { authorization: `Bearer ${admin}`, 'x-correlation-id': 'desk-42.a' },
    });
    expect(plain.headers.get('cache-control')).toBe('no-store');
    expect(plain.headers.get('x-correlation-id')).toBe('desk-42.a');
    const odd = await fetch(`${svc.url}/api/v1/tally`, {
      headers: { authorization: `Bearer ${admin}`, 'x-correlation-id': `${'x'.repeat(65)}` },
    });
    expect(odd.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
    const injected = await fetch(`${svc.url}/api/v1/tally`, {
      headers: { authorization: `Bearer ${admin}`, 'x-correlation-id': 'a"b<script>' },
    });
    expect(injected.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('aRouteWithoutToken_isAnswered401AsAProblemDocument', async () => {
    const r = await fetch(`${svc.url}/api/v1/tally`);
    expect(r.status).toBe(401);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(await r.json()).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
  });

  it('aClerkOnAnAdminRoute_isAnswered403', async () => {
    const clerk = testToken({ sub: 'c', username: 'clerk', role: 'clerk' });
    const r = await fetch(`${svc.url}/api/v1/tally`, { headers: { authorization: `Bearer ${clerk}` } });
    expect(r.status).toBe(403);
  });

  it('inputThatCannotBeStored_isA400NamingTheField_evenWhenTheServiceIsCalledDirectly', async () => {
    const r = await fetch(`${svc.url}/api/v1/tally`, {
      method: 'POST',
      headers: { authorization: `bearer ${admin}`, 'content-type': 'application/json' }, // the scheme is case-insensitive
      body: JSON.stringify({ serial: 'bad\u0000serial' }),
    });
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'serial' }] });
    expect((await tally()).map((t) => t.serial)).not.toContain('bad\u0000serial');
  });

  it('aBodyTooLargeOrUnreadable_isAProblemNotA500', async () => {
    const post = (body: string) =>
      fetch(`${svc.url}/api/v1/tally`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body,
      });
    const big = await post(JSON.stringify({ serial: 'x'.repeat(200_000) }));
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ code: 'TOO_LARGE' });
    const broken = await post('{"serial": ');
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ code: 'MALFORMED_REQUEST' });
  });

  it('anEventDeliveredTwice_hasOneEffect', async () => {
    const env = await publishEvent(svc.runtime.kafka, svc.topicPrefix, FormFiled, filed('F-1'));
    await publishEvent(svc.runtime.kafka, svc.topicPrefix, FormFiled, filed('F-1'), { id: env.id }); // the same message again
    await publishEvent(svc.runtime.kafka, svc.topicPrefix, FormFiled, filed('F-2'));
    const rows = await probe(tally, (t) => t.some((r) => r.serial === 'F-2'), { what: 'F-2 to be counted' });
    expect(rows.find((r) => r.serial === 'F-1')?.n).toBe(1);
  });

  it('metrics_exposeConsumerAndOutboxFigures', async () => {
    const text = await (await fetch(`${svc.url}/metrics`)).text();
    expect(text).toContain('consumer_messages_total{result="handled",type="FormFiled"}');
    expect(text).toMatch(/outbox_backlog 0/);
    expect(text).toContain('consumer_handler_seconds_bucket');
  });
});

describe('a service with a bad configuration', () => {
  const names = ['JWT_SECRET', 'TALLY_KEY', 'OUTBOX_MAX_ATTEMPTS', 'DB_SCHEMA'];
  const saved = Object.fromEntries(names.map((k) => [k, process.env[k]]));
  afterEach(() => {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  });
  const withKey: ServiceDefinition = { ...def, config: serviceConfig({ TALLY_KEY: setting.secret() }) };

  it('refusesToStart_withoutJwtSecret_orWithoutAKeyItNeeds_orWithAShortOne', async () => {
    delete process.env.JWT_SECRET;
    await expect(bootService(def, { port: 0 })).rejects.toThrow(/JWT_SECRET must be set/);
    process.env.JWT_SECRET = saved.JWT_SECRET;
    delete process.env.TALLY_KEY;
    await expect(bootService(withKey, { port: 0 })).rejects.toThrow(/TALLY_KEY must be set/);
    process.env.TALLY_KEY = 'short';
    await expect(bootService(withKey, { port: 0 })).rejects.toThrow(/TALLY_KEY is too short/);
  });

  it('namesEveryWrongVariableAtOnce_andOpensNothing', async () => {
    const schema = uniqueName('never');
    Object.assign(process.env, { JWT_SECRET: 'short', OUTBOX_MAX_ATTEMPTS: 'twenty', DB_SCHEMA: schema });
    delete process.env.TALLY_KEY;
    const failed = await bootService(withKey, { port: 0, databaseUrl: testDatabaseUrl() }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(ConfigurationError);
    expect((failed as ConfigurationError).problems).toEqual([
      expect.stringMatching(/^JWT_SECRET is too short/),
      'OUTBOX_MAX_ATTEMPTS must be an integer of at least 1 (is "twenty")',
      expect.stringMatching(/^TALLY_KEY must be set/),
    ]);
    const db = new Client({ connectionString: testDatabaseUrl() });
    await db.connect();
    try {
      const made = await db.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [schema]);
      expect(made.rows).toEqual([]); // no schema, no migration: it stopped before opening the database
    } finally {
      await db.end();
    }
  });
});

describe("a deployment's migration job and topic partitions", () => {
  const saved = process.env.KAFKA_TOPIC_PARTITIONS;
  afterEach(() => {
    if (saved === undefined) delete process.env.KAFKA_TOPIC_PARTITIONS;
    else process.env.KAFKA_TOPIC_PARTITIONS = saved;
  });

  it('migrateService_runsThePendingMigrationsOfItsSchema_once_andServesNothing', async () => {
    const schema = uniqueName('t_migrate');
    const db = new Client({ connectionString: testDatabaseUrl() });
    await db.connect();
    try {
      await migrateService(def, { schema, databaseUrl: testDatabaseUrl() });
      const names = async () => (await db.query(`SELECT name FROM "${schema}".migrations ORDER BY id`)).rows.map((r) => r.name as string);
      const first = await names();
      expect(first).toEqual(expect.arrayContaining(['Tally1700000000001', 'PlatformTables1764230400000']));
      expect((await db.query(`SELECT count(*)::int AS n FROM "${schema}".tally`)).rows[0].n).toBe(0);
      // the services that start after the job find nothing left to do; a second run changes nothing
      await migrateService(def, { schema, databaseUrl: testDatabaseUrl() });
      expect(await names()).toEqual(first);
    } finally {
      await dropSchema(schema);
      await db.end();
    }
  });

  it('createsItsMissingTopics_withKafkaTopicPartitionsPartitions', async () => {
    process.env.KAFKA_TOPIC_PARTITIONS = '5';
    const svc = await bootTestService(def);
    try {
      const admin = svc.runtime.kafka.admin();
      await admin.connect();
      try {
        const { topics } = await admin.fetchTopicMetadata({
          topics: [`${svc.topicPrefix}${Topics.forms}`, `${svc.topicPrefix}${Topics.forms}.dlq`],
        });
        expect(topics.map((t) => t.partitions.length)).toEqual([5, 5]);
      } finally {
        await admin.disconnect();
      }
    } finally {
      await svc.stop();
    }
  });
});
