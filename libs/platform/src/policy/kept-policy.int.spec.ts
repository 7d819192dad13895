import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { deadLetterTopic, PayloadOf, PolicyChanged, Topics } from '@fd/contracts';
import { bootTestService, dropSchema, probe, publishEvent, publishRaw, testDatabaseUrl, TopicTap, uniqueName } from '../testing';
import { openServiceDataSource } from '../db/data-source';
import { migrationSchema } from '../db/migration-schema';
import type { ServiceDefinition } from '../service/boot';
import { KeepPolicyWhenChanged } from './keep-policy-when-changed.handler';
import { policyInForce, policyInForceAt } from './kept-policy';
import { PolicyVersions1796065300000 } from './policy-versions.migration';

@Module({ controllers: [KeepPolicyWhenChanged] })
class PolicyKeeperModule {}

/** A service that follows the policy, as registration, forms and callbacks do: the handler and the migration. */
const keeper: ServiceDefinition = {
  name: 'policy-keeper',
  schema: 'policy_keeper',
  port: 0,
  module: () => PolicyKeeperModule,
  migrations: [PolicyVersions1796065300000],
  consumes: [Topics.scoring],
};

const policy = (version: number, over: Partial<PayloadOf<typeof PolicyChanged>> = {}): PayloadOf<typeof PolicyChanged> => ({
  version,
  returnDays: 7,
  callbackSampleRate: 0.2,
  appealDays: 7,
  timeZone: 'Asia/Shanghai',
  ...over,
});

describe('the policy a service keeps, through the platform (real PostgreSQL and Kafka)', () => {
  let svc: Awaited<ReturnType<typeof bootTestService>>;
  let dlq: TopicTap;
  const inForce = () => policyInForce(svc.runtime.ds, svc.schema);
  /** PolicyChanged messages the consumer took in: handled, or dropped as already handled. */
  const taken = async () =>
    [
      ...(await svc.runtime.metrics.render()).matchAll(
        /consumer_messages_total\{result="(?:handled|duplicate)",type="PolicyChanged"\} (\d+)/g,
      ),
    ]
      .map((m) => Number(m[1]))
      .reduce((a, b) => a + b, 0);
  const duplicates = async () =>
    Number(/consumer_messages_total\{result="duplicate",type="PolicyChanged"\} (\d+)/.exec(await svc.runtime.metrics.render())?.[1] ?? 0);
  const publish = (p: PayloadOf<typeof PolicyChanged>, opts: { now?: Date; id?: string } = {}) =>
    publishEvent(svc.runtime.kafka, svc.topicPrefix, PolicyChanged, p, opts);
  /** The contract refuses to publish such a policy: it goes to Kafka as a broken publisher would send it. */
  const publishUnchecked = (payload: Record<string, unknown>) =>
    publishRaw(
      svc.runtime.kafka,
      svc.runtime.topic(Topics.scoring),
      'policy',
      JSON.stringify({
        id: randomUUID(),
        type: PolicyChanged.type,
        version: PolicyChanged.version,
        streamId: 'policy',
        occurredAt: new Date().toISOString(),
        correlationId: randomUUID(),
        causationId: null,
        actor: { id: 'admin-1', role: 'admin' },
        payload,
      }),
    );

  beforeAll(async () => {
    svc = await bootTestService(keeper);
    dlq = await TopicTap.open(svc.runtime.kafka, [svc.runtime.topic(deadLetterTopic(Topics.scoring))]);
  });
  afterAll(async () => {
    await dlq?.close();
    await svc?.stop();
  });

  // In order: each test starts from the versions the one before it left.
  it('beforeAnyPolicy_theRuleBooksDefaultsApply', async () => {
    expect(await inForce()).toEqual({
      version: 1,
      returnDays: 7,
      callbackSampleRate: 0.2,
      appealDays: 7,
      timeZone: 'Asia/Shanghai',
      minFormsToCompare: 5,
    });
  });

  it('theNewestVersionWins_andAnOlderOneArrivingLate_appliesOnlyToItsOwnTime', async () => {
    const before = await taken();
    const v3 = policy(3, { returnDays: 3, timeZone: 'Pacific/Kiritimati' });
    const v2 = policy(2, { returnDays: 10, callbackSampleRate: 0.5, timeZone: 'Europe/Paris' });
    await publish(v3, { now: new Date('2026-11-20T00:00:00Z') });
    await publish(v2, { now: new Date('2026-11-10T00:00:00Z') }); // late: set before version 3
    await probe(taken, (n) => n === before + 2, { what: 'both versions to be taken in' });

    expect(await inForce()).toEqual(v3);
    const at = (instant: string) => policyInForceAt(svc.runtime.ds, svc.schema, instant);
    expect(await at('2026-11-01T00:00:00Z')).toMatchObject({ version: 1, callbackSampleRate: 0.2 });
    expect(await at('2026-11-15T00:00:00Z')).toEqual(v2);
    expect(await at('2026-11-20T00:00:00Z')).toEqual(v3);
  });

  it('aRedelivery_orASecondAnnouncementOfAVersion_countsOnce', async () => {
    const [before, duplicatesBefore] = [await taken(), await duplicates()];
    const v4 = policy(4, { appealDays: 14, timeZone: 'Pacific/Pago_Pago' });
    const first = await publish(v4);
    await publish(v4, { id: first.id }); // the same message again
    await publish({ ...v4, returnDays: 30 }); // version 4 again, other values
    await probe(taken, (n) => n === before + 3, { what: 'the three messages to be taken in' });

    expect(await duplicates()).toBe(duplicatesBefore + 1);
    expect(await inForce()).toEqual(v4);
  });

  it('aPolicyTheRuleBookRefuses_goesToTheDeadLetterTopicWithItsReason_andTheLastGoodVersionStays', async () => {
    await publishUnchecked(policy(5, { timeZone: 'Mars/Olympus_Mons' }));
    await publishUnchecked(policy(6, { returnDays: 400 }));
    await dlq.waitFor('both to be dead-lettered', (t) => t.seen.length === 2);
    expect(dlq.seen.map((m) => m.headers['dlq-reason'])).toEqual([
      expect.stringMatching(/timeZone: not a time zone name/),
      expect.stringMatching(/returnDays/),
    ]);
    expect(await inForce()).toMatchObject({ version: 4, timeZone: 'Pacific/Pago_Pago' });

    // and the next good version is kept as usual
    await publish(policy(7, { timeZone: 'Asia/Tokyo' }));
    await probe(inForce, (p) => p.version === 7, { what: 'version 7 to be kept' });
  });
});

/** The `policy` table a service kept before the platform did, as its own migration created it. */
function oldPolicyTable(name: string, columns: string): new () => MigrationInterface {
  return class implements MigrationInterface {
    name = name;
    async up(q: QueryRunner) {
      await q.query(`CREATE TABLE ${migrationSchema(q)}.policy (${columns})`);
    }
    async down(q: QueryRunner) {
      await q.query(`DROP TABLE ${migrationSchema(q)}.policy`);
    }
  };
}
const registrationsTable = oldPolicyTable(
  'RegistrationPolicy1764500000000',
  'id boolean PRIMARY KEY DEFAULT true CHECK (id), version integer NOT NULL, time_zone text NOT NULL',
);
const formsTable = oldPolicyTable(
  'FormsReadModels1764300000000',
  'id boolean PRIMARY KEY DEFAULT true CHECK (id), version integer NOT NULL, return_days integer NOT NULL, time_zone text NOT NULL',
);
const callbacksTable = oldPolicyTable(
  'CallbacksReadModels1764400000000',
  'version integer PRIMARY KEY, callback_sample_rate double precision NOT NULL, time_zone text NOT NULL, changed_at timestamptz NOT NULL',
);

describe('an upgrade keeps the policy a running service had (PolicyVersions, real PostgreSQL)', () => {
  const schemas: string[] = [];
  const open: DataSource[] = [];
  afterAll(async () => {
    for (const ds of open) await ds.destroy();
    for (const s of schemas) await dropSchema(s);
  });

  /** A service's schema as the previous release left it (its old table filled), then upgraded. */
  async function upgraded(old: new () => MigrationInterface, fill: string) {
    const schema = uniqueName('t_policy_upgrade');
    schemas.push(schema);
    const before = await openServiceDataSource({ schema, migrations: [old], url: testDatabaseUrl(), poolSize: 2 });
    await before.query(fill.replaceAll('$s', `"${schema}"`));
    await before.destroy();
    const ds = await openServiceDataSource({ schema, migrations: [old, PolicyVersions1796065300000], url: testDatabaseUrl(), poolSize: 2 });
    open.push(ds);
    return { ds, schema };
  }

  it('registrationsTimeZone_isKept_withTheRuleBooksDefaultsForWhatItNeverKept', async () => {
    const { ds, schema } = await upgraded(registrationsTable, `INSERT INTO $s.policy (version, time_zone) VALUES (3, 'Europe/Paris')`);
    expect(await policyInForce(ds, schema)).toEqual({
      version: 3,
      timeZone: 'Europe/Paris',
      returnDays: 7,
      callbackSampleRate: 0.2,
      appealDays: 7,
    });
    expect(await policyInForceAt(ds, schema, '2020-01-01T00:00:00Z')).toMatchObject({ version: 3 }); // in force as far back as it knows
  });

  it('formsReturnDaysAndTimeZone_areKept', async () => {
    const { ds, schema } = await upgraded(
      formsTable,
      `INSERT INTO $s.policy (version, return_days, time_zone) VALUES (4, 3, 'Asia/Tokyo')`,
    );
    expect(await policyInForce(ds, schema)).toMatchObject({ version: 4, returnDays: 3, timeZone: 'Asia/Tokyo' });
  });

  it('callbacksVersions_areKeptWithTheirTimes_butOneWithAnUnknownZoneIsLeftOut', async () => {
    const { ds, schema } = await upgraded(
      callbacksTable,
      `INSERT INTO $s.policy (version, callback_sample_rate, time_zone, changed_at) VALUES
         (2, 0.5, 'Asia/Shanghai', '2026-10-01T00:00:00Z'), (3, 1, 'Mars/Olympus_Mons', '2026-10-05T00:00:00Z')`,
    );
    expect(await policyInForce(ds, schema)).toMatchObject({ version: 2, callbackSampleRate: 0.5 });
    expect(await policyInForceAt(ds, schema, '2026-09-30T00:00:00Z')).toMatchObject({ version: 1, callbackSampleRate: 0.2 });
  });

  it('revertingTheUpgrade_givesBackTheOldTableAsItWas', async () => {
    const { ds, schema } = await upgraded(registrationsTable, `INSERT INTO $s.policy (version, time_zone) VALUES (5, 'Asia/Tokyo')`);
    await ds.undoLastMigration({ transaction: 'each' });
    expect(await ds.query(`SELECT version, time_zone FROM "${schema}".policy`)).toEqual([{ version: 5, time_zone: 'Asia/Tokyo' }]);
  });
});
