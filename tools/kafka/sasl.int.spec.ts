import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, Admin, Kafka, logLevel, ResourcePatternTypes } from 'kafkajs';
import { FormIssued, PenaltyCaseDecided, PurchaseRegistered, Topics } from '@fd/contracts';
import { bootService, consumerGroup, createKafka, ensureTopics, RunningService, serviceTopics } from '@fd/platform';
import { httpClient, probe, publishEvent, testDatabaseUrl, testToken, TopicTap } from '@fd/platform/testing';
// the forms service booted as deployed (apps have no npm scope)
// eslint-disable-next-line @nx/enforce-module-boundaries
import { formsService } from '../../apps/forms/src/forms.service-def';
import { freePort, onDatabaseServer } from '../system/system';
import { SERVICES } from './acls';

// A second broker of kafka.sh, secured (SASL/SCRAM, the StandardAuthorizer, no access without
// an ACL), with the ACLs that tools/kafka/acls.ts derives from the service definitions: each
// service may write only its own topics (docs/kafka.md, "Secured mode").
const run = promisify(execFile);
const REPO = path.resolve(__dirname, '../..');
const KAFKA_SH = path.join(__dirname, 'kafka.sh');
const secret = () => randomBytes(18).toString('base64url');
const passwords: Record<string, string> = Object.fromEntries(['admin', ...SERVICES.map((s) => s.name)].map((n) => [n, secret()]));
const run_ = randomBytes(3).toString('hex');
const prefix = `sasl_${run_}.`;
// the forms service runs as deployed: schema `forms` (so its consumer group is the one of its
// ACLs), in a database of this suite's own
const database = `fd_sasl_${run_}`;
const databaseUrl = (name: string) => Object.assign(new URL(testDatabaseUrl()), { pathname: `/${name}` }).toString();

describe('the secured broker (SASL/SCRAM and ACLs per service, a broker of its own)', () => {
  let home: string;
  let env: NodeJS.ProcessEnv;
  let brokers: string[];
  const connected: Admin[] = [];
  let forms: RunningService | undefined;
  let tap: TopicTap | undefined;

  const client = (username: string, password = passwords[username]) => {
    return createKafka(`sasl-test-${username}`, { brokers, sasl: { mechanism: 'scram-sha-512', username, password } });
  };
  const adminOf = async (username: string) => {
    const admin = client(username).admin();
    await admin.connect();
    connected.push(admin);
    return admin;
  };
  /** Applies the ACLs as a deployment does: the script, as the super user. */
  const applyAcls = async () =>
    (
      await run(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'acls.ts')], {
        cwd: REPO,
        env: {
          ...process.env,
          KAFKA_BROKERS: brokers.join(','),
          KAFKA_SASL_MECHANISM: 'scram-sha-512',
          KAFKA_SASL_USERNAME: 'admin',
          KAFKA_SASL_PASSWORD: passwords.admin,
          KAFKA_TOPIC_PREFIX: prefix,
        },
        timeout: 60000,
      })
    ).stdout;
  const written = async (topic: string) =>
    (await (await adminOf('admin')).fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high), 0);
  const decided = () => ({
    caseId: `case-${randomUUID()}`,
    merchantId: 'm-1',
    kind: 'forged' as const,
    decision: 'uphold' as const,
    reason: 'forged',
    suspendedUntil: '2099-01-01',
    decidedOn: '2026-01-01',
    policyVersion: 1,
  });

  beforeAll(async () => {
    // the jars of the shared broker, not a second download
    const { stdout: classpath } = await run('bash', [KAFKA_SH, 'classpath'], {
      env: { ...process.env, KAFKA_HOME_DIR: '' },
      timeout: 180000,
    });
    home = mkdtempSync(path.join(os.tmpdir(), 'fd-kafka-sasl-'));
    const port = await freePort();
    env = {
      ...process.env,
      KAFKA_SASL: '1',
      KAFKA_HOME_DIR: home,
      KAFKA_LIB_DIR: classpath.trim().replace(/\/\*$/, ''),
      KAFKA_PORT: String(port),
      KAFKA_CONTROLLER_PORT: String(await freePort()),
      KAFKA_ADMIN_PASSWORD: passwords.admin,
      ...Object.fromEntries(SERVICES.map((s) => [`KAFKA_PASSWORD_${s.name.toUpperCase()}`, passwords[s.name]])),
    };
    await run('bash', [KAFKA_SH, 'start'], { env, timeout: 180000 });
    brokers = [`127.0.0.1:${port}`];
    await applyAcls();
    // each service creates its own topics, as it does when it boots
    for (const def of SERVICES) await ensureTopics(client(def.name), serviceTopics(def, prefix).all);
  }, 240000);

  afterAll(async () => {
    await Promise.all(connected.map((a) => a.disconnect()));
    await tap?.close();
    await forms?.stop();
    await onDatabaseServer((c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`), databaseUrl('postgres'));
    if (env) await run('bash', [KAFKA_SH, 'stop'], { env, timeout: 60000 });
    if (home) rmSync(home, { recursive: true, force: true });
  }, 120000);

  it('refusesAClientWithoutCredentials', async () => {
    const anonymous = new Kafka({ clientId: 'anonymous', brokers, logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
    connected.push(anonymous);
    await anonymous.connect(); // only the API versions: a request the broker answers before authentication
    await expect(anonymous.describeCluster()).rejects.toMatchObject({ name: 'KafkaJSConnectionClosedError' });
    // the same request with credentials is answered
    expect((await (await adminOf('forms')).describeCluster()).brokers).toHaveLength(1);
  });

  it('refusesAWrongPassword', async () => {
    await expect(client('forms', `${passwords.forms}x`).admin().connect()).rejects.toMatchObject({
      name: 'KafkaJSSASLAuthenticationError',
      message: expect.stringMatching(/invalid credentials/),
    });
  });

  it('letsEveryServiceDoWhatItsBootDoes_createItsTopicsAndStartAnIdempotentProducer', async () => {
    for (const def of SERVICES) {
      const producer = client(def.name).producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      await producer.connect(); // asks for a producer id: the gateway, which writes no topic, too
      await producer.disconnect();
    }
    const topics = await (await adminOf('admin')).listTopics();
    expect(topics).toEqual(expect.arrayContaining(SERVICES.flatMap((s) => serviceTopics(s, prefix).all)));
  });

  it('runsTheFormsServiceWithItsOwnCredentials_itReadsRegistrationsPurchasesAndPublishesItsForms', async () => {
    // the service reads its Kafka address and credentials from the environment, as deployed
    const serviceEnv = {
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'forms',
      KAFKA_SASL_PASSWORD: passwords.forms,
    };
    const saved = Object.fromEntries(Object.keys(serviceEnv).map((k) => [k, process.env[k]]));
    Object.assign(process.env, serviceEnv);
    try {
      await onDatabaseServer((c) => c.query(`CREATE DATABASE "${database}"`), databaseUrl('postgres'));
      forms = await bootService(formsService, {
        port: 0,
        schema: formsService.schema,
        databaseUrl: databaseUrl(database),
        topicPrefix: prefix,
      });
    } finally {
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
    // ready: its consumer is a member of its group, its lag is read, its relay can publish
    await probe(
      async () => (await fetch(`${forms!.url}/health/ready`)).status,
      (status) => status === 200,
      { what: 'the forms service on the secured broker to be ready', timeoutMs: 60000 },
    );
    tap = await TopicTap.open(client('admin'), [`${prefix}${Topics.forms}`]);
    const purchaseId = `p-${randomUUID()}`;
    await publishEvent(client('registration'), prefix, PurchaseRegistered, {
      purchaseId,
      registeredAt: new Date().toISOString(),
      cards: [{ cardNo: `C-${randomUUID()}`, merchantId: 'm-1', services: [{ type: 'install', plannedDate: '2099-01-02', visits: 1 }] }],
    });
    const clerk = httpClient(`${forms.url}/api/v1`, testToken({ sub: 'clerk-1', username: 'clerk', role: 'clerk' }));
    await probe(
      async () => (await clerk.get(`/forms?purchaseId=${purchaseId}`)).body.items ?? [],
      (items) => items.length === 1,
      { what: `the form of ${purchaseId}`, timeoutMs: 60000 },
    );
    await tap.waitFor('FormIssued on forms.v1', (t) =>
      t.envelopes(FormIssued.type).some((e) => (e.payload as { purchaseId: string }).purchaseId === purchaseId),
    );
  });

  it('refusesFormsWritingScoringsTopic_aForgedPenaltyCaseDecidedNeverReachesIt', async () => {
    const scoringTopic = `${prefix}${Topics.scoring}`;
    const before = await written(scoringTopic);
    await expect(publishEvent(client('forms'), prefix, PenaltyCaseDecided, decided())).rejects.toThrow(
      /not authorized|authorization failed/i,
    );
    expect(await written(scoringTopic)).toBe(before);
    // scoring itself may: the same event from its principal lands on the topic
    await publishEvent(client('scoring'), prefix, PenaltyCaseDecided, decided());
    expect(await written(scoringTopic)).toBe(before + 1);
  });

  it('refusesAServiceAnotherServicesConsumerGroup', async () => {
    const own = await adminOf('forms');
    // its own group answers (once the group coordinator has loaded on this fresh broker)
    await probe(
      () => own.fetchOffsets({ groupId: consumerGroup('forms', prefix), topics: [`${prefix}${Topics.purchases}`] }),
      (offsets) => offsets.length === 1,
      { what: "forms' own consumer group", timeoutMs: 30000 },
    );
    // another's is refused: kafkajs reports the refused coordinator lookup as "not found"; the
    // broker's authorizer log says why
    const scoringGroup = consumerGroup('scoring', prefix);
    await expect(own.fetchOffsets({ groupId: scoringGroup, topics: [`${prefix}${Topics.forms}`] })).rejects.toThrow(/group coordinator/);
    expect(readFileSync(path.join(home, 'logs/server.log'), 'utf8')).toContain(`User:forms is Denied operation = DESCRIBE`);
  });

  it('removesAGrantTheDefinitionsDoNotGive_whenTheAclsAreAppliedAgain', async () => {
    await (
      await adminOf('admin')
    ).createAcls({
      acl: [
        {
          resourceType: AclResourceTypes.TOPIC,
          resourceName: `${prefix}${Topics.scoring}`,
          resourcePatternType: ResourcePatternTypes.LITERAL,
          principal: 'User:forms',
          host: '*',
          operation: AclOperationTypes.WRITE,
          permissionType: AclPermissionTypes.ALLOW,
        },
      ],
    });
    expect(await applyAcls()).toMatch(/0 added, 1 removed/);
    await expect(publishEvent(client('forms'), prefix, PenaltyCaseDecided, decided())).rejects.toThrow(
      /not authorized|authorization failed/i,
    );
  });
});
