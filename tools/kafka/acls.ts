// The ACLs of the secured broker (docs/kafka.md, "Secured mode"), derived from the service
// definitions (their name, schema and `consumes`) and the contracts (who publishes each topic).
// Each service authenticates as User:<service> and may, on its own topics only:
//   - WRITE what it publishes, and the dead-letter topics of what it consumes;
//   - READ what it consumes, in its own consumer group;
//   - CREATE all of these (a service creates its topics when it boots);
//   - IDEMPOTENT_WRITE on the cluster: its outbox relay's idempotent producer asks for an id.
// Anything else is refused (allow.everyone.if.no.acl.found=false); `admin` is the super user.
// The script owns the ACLs of these principals on the names it manages (the topics, dead-letter
// topics and consumer groups under the prefix, and the cluster): one they no longer need is deleted.
//
//   KAFKA_BROKERS=127.0.0.1:9092 KAFKA_SASL_MECHANISM=scram-sha-512 KAFKA_SASL_USERNAME=admin \
//   KAFKA_SASL_PASSWORD=... [KAFKA_TOPIC_PREFIX=...] node -r @swc-node/register tools/kafka/acls.ts
//   node -r @swc-node/register tools/kafka/acls.ts --print      the table only, no broker
import { AclEntry, AclOperationTypes, AclPermissionTypes, AclResourceTypes, Admin, ResourcePatternTypes } from 'kafkajs';
import { ALL_TOPICS, deadLetterTopic } from '@fd/contracts';
import { consumerGroup, createKafka, kafkaConfig, loadConfig, ServiceDefinition, serviceTopics } from '@fd/platform';
// the service definitions themselves (apps have no npm scope)
// eslint-disable-next-line @nx/enforce-module-boundaries
import { registrationService } from '../../apps/registration/src/registration.service-def';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { formsService } from '../../apps/forms/src/forms.service-def';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { callbacksService } from '../../apps/callbacks/src/callbacks.service-def';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { scoringService } from '../../apps/scoring/src/scoring.service-def';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { gatewayService } from '../../apps/gateway/src/gateway.service-def';

/** Every service that connects to Kafka (the gateway too: its boot checks the broker and runs a relay). */
export const SERVICES: Pick<ServiceDefinition, 'name' | 'schema' | 'consumes'>[] = [
  registrationService,
  formsService,
  callbacksService,
  scoringService,
  gatewayService,
];

type Operation = 'READ' | 'WRITE' | 'CREATE' | 'IDEMPOTENT_WRITE';
export interface Acl {
  principal: string;
  resource: 'TOPIC' | 'GROUP' | 'CLUSTER';
  /** A topic or group name (literal), or `kafka-cluster`. */
  name: string;
  operation: Operation;
}

const CLUSTER = 'kafka-cluster';
export const principalOf = (service: string) => `User:${service}`;

/** The ACLs the services need, with the run's topic prefix. */
export function serviceAcls(services = SERVICES, prefix = ''): Acl[] {
  const acls = new Map<string, Acl>();
  const allow = (principal: string, resource: Acl['resource'], name: string, operation: Operation) =>
    acls.set(`${principal}|${resource}|${name}|${operation}`, { principal, resource, name, operation });
  for (const def of services) {
    const principal = principalOf(def.name);
    const topics = serviceTopics(def, prefix);
    for (const t of topics.publishes) allow(principal, 'TOPIC', t, 'WRITE');
    for (const t of topics.consumes) allow(principal, 'TOPIC', t, 'READ');
    for (const t of topics.deadLetters) allow(principal, 'TOPIC', t, 'WRITE');
    for (const t of topics.all) allow(principal, 'TOPIC', t, 'CREATE');
    if (topics.consumes.length) allow(principal, 'GROUP', consumerGroup(def.schema, prefix), 'READ');
    allow(principal, 'CLUSTER', CLUSTER, 'IDEMPOTENT_WRITE');
  }
  return [...acls.values()];
}

/** One line per principal and resource: `User:forms  TOPIC forms.v1  WRITE, CREATE`. */
export function aclTable(acls: Acl[]): string {
  const rows = new Map<string, string[]>();
  for (const a of acls) {
    const key = `${a.principal.padEnd(18)} ${a.resource.padEnd(7)} ${a.name}`;
    rows.set(key, [...(rows.get(key) ?? []), a.operation]);
  }
  const width = Math.max(...[...rows.keys()].map((k) => k.length));
  return [...rows].map(([k, ops]) => `${k.padEnd(width)}  ${ops.join(', ')}`).join('\n');
}

const RESOURCE = { TOPIC: AclResourceTypes.TOPIC, GROUP: AclResourceTypes.GROUP, CLUSTER: AclResourceTypes.CLUSTER } as const;
const entry = (a: Acl): AclEntry => ({
  resourceType: RESOURCE[a.resource],
  resourceName: a.name,
  resourcePatternType: ResourcePatternTypes.LITERAL,
  principal: a.principal,
  host: '*',
  operation: AclOperationTypes[a.operation],
  permissionType: AclPermissionTypes.ALLOW,
});
const keyOf = (e: AclEntry) =>
  [e.principal, e.resourceType, e.resourceName, e.resourcePatternType, e.host, e.operation, e.permissionType].join('|');

/** The names whose ACLs the script manages: every topic, dead-letter topic and group under the prefix. */
export function managedNames(services = SERVICES, prefix = ''): Set<string> {
  const logical = [...ALL_TOPICS, ...ALL_TOPICS.map(deadLetterTopic), ...services.map((s) => consumerGroup(s.schema))];
  return new Set([...logical.map((n) => `${prefix}${n}`), CLUSTER]);
}

/**
 * Makes the ACLs of the services' principals on the managed names exactly `acls`: creates what is
 * missing, deletes what is no longer wanted. ACLs on other names (another prefix sharing the
 * broker, or added by hand) are left alone.
 */
export async function applyAcls(admin: Admin, acls: Acl[], managed: Set<string>): Promise<{ added: number; removed: number }> {
  const wanted = new Map(acls.map((a) => [keyOf(entry(a)), entry(a)]));
  const principals = new Set(acls.map((a) => a.principal));
  const { resources } = await admin.describeAcls({
    resourceType: AclResourceTypes.ANY,
    resourcePatternType: ResourcePatternTypes.ANY,
    operation: AclOperationTypes.ANY,
    permissionType: AclPermissionTypes.ANY,
  });
  const present = resources.flatMap((r) =>
    r.acls.map(
      (a): AclEntry => ({
        resourceType: r.resourceType,
        resourceName: r.resourceName,
        resourcePatternType: r.resourcePatternType,
        principal: a.principal,
        host: a.host,
        operation: a.operation,
        permissionType: a.permissionType,
      }),
    ),
  );
  const presentKeys = new Set(present.map(keyOf));
  const stale = present.filter((p) => principals.has(p.principal) && managed.has(p.resourceName) && !wanted.has(keyOf(p)));
  const missing = [...wanted].filter(([k]) => !presentKeys.has(k)).map(([, e]) => e);
  if (stale.length) await admin.deleteAcls({ filters: stale });
  if (missing.length) await admin.createAcls({ acl: missing });
  return { added: missing.length, removed: stale.length };
}

async function main(argv: string[]) {
  const prefix = loadConfig(kafkaConfig).KAFKA_TOPIC_PREFIX;
  const acls = serviceAcls(SERVICES, prefix);
  if (argv.includes('--print')) {
    process.stdout.write(`${aclTable(acls)}\n`);
    return;
  }
  const admin = createKafka(`acls-${process.pid}`).admin();
  await admin.connect();
  try {
    const { added, removed } = await applyAcls(admin, acls, managedNames(SERVICES, prefix));
    process.stdout.write(`${aclTable(acls)}\n`);
    process.stdout.write(
      `acls: ${acls.length} for ${SERVICES.length} services${prefix ? ` (topic prefix ${prefix})` : ''}; ${added} added, ${removed} removed\n`,
    );
  } finally {
    await admin.disconnect();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e) => {
    if ((e as { type?: string }).type === 'SECURITY_DISABLED') {
      process.stderr.write('acls: this broker has no authorizer (plain mode); start it secured: tools/kafka/kafka.sh start --sasl\n');
      process.exit(1);
    }
    process.stderr.write(`acls: ${(e as Error)?.stack ?? e}\n`);
    process.exit(1);
  });
}
