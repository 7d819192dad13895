// The Kubernetes deployment (deploy/k8s/; docs/operations.md, "Kubernetes"), generated from the
// code it deploys so that it cannot drift from it: the topics, their consumers and the Kafka ACLs
// come from the service definitions and the contracts (as tools/kafka/acls.ts does for the broker
// of docker-compose.yml), the role provisioning is deploy/postgres's own SQL.
//
//   node -r @swc-node/register tools/k8s/manifests.ts          writes deploy/k8s/*/resources.yaml
//
// tools/k8s/manifests.spec.ts renders them, validates every object against the Kubernetes and the
// operators' schemas and checks the invariants; it fails when the files in deploy/k8s are stale.
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { ServiceDefinition, serviceTopics } from '@fd/platform';
import { serviceAcls, SERVICES } from '../kafka/acls';

export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
} & Record<string, unknown>;

const root = path.resolve(__dirname, '../..');
const VERSION: string = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;

/** What an installation may change (a kustomize overlay can patch the rendered objects too). */
export const settings = {
  namespace: 'feedback-desk',
  /** The service image (deploy/service.Dockerfile), at an exact version; an overlay's `images:` pins a digest. */
  image: `registry.example.com/feedback-desk:${VERSION}`,
  host: 'feedback-desk.example.com',
  ingressClassName: 'nginx',
  /** Each topic's partitions: the most instances of a consuming service that get work. */
  partitions: 6,
  /** Copies of each topic (3 brokers; writes wait for 2). */
  replicas: 3,
  /** Instances of each service at the least (a PodDisruptionBudget keeps one up) and at the most. */
  minInstances: 2,
  maxInstances: 6,
  /** Messages waiting for a service's consumer group per instance before the autoscaler adds one. */
  lagPerInstance: 500,
  kafka: { cluster: 'feedback-desk', version: '4.3.1', metadataVersion: '4.3-IV0', storage: '50Gi' },
  postgres: { cluster: 'feedback-desk-db', image: 'ghcr.io/cloudnative-pg/postgresql:15.14', instances: 3, storage: '20Gi' },
  /** psql 15 or later (\getenv), for deploy/postgres/provision-roles.psql. */
  psqlImage: 'postgres:15.14',
  backups: {
    objectStore: 'feedback-desk-backups',
    destinationPath: 's3://feedback-desk-backups/',
    retention: '30d',
    schedule: '0 0 2 * * *',
  },
};

const PART_OF = 'feedback-desk';
const labelsOf = (name: string) => ({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': PART_OF });
const meta = (name: string, extra: Record<string, string> = {}) => ({
  name,
  namespace: settings.namespace,
  labels: { ...labelsOf(name), ...extra },
});

/** Secrets the operators create (docs/operations.md, "Kubernetes"): the manifests only refer to them. */
export const SECRETS = {
  keys: 'feedback-desk-keys', // JWT_SECRET, FORM_CODE_KEY, CALLBACK_SAMPLE_KEY, BOOTSTRAP_ADMIN_PASSWORD, BOOTSTRAP_GROUP_ADMIN_PASSWORD
  database: (service: string) => `feedback-desk-db-${service}`, // basic-auth: username fd_<service>, password
  superuser: `${settings.postgres.cluster}-superuser`, // made by CloudNativePG (enableSuperuserAccess)
  kafka: (service: string) => service, // made by Strimzi's user operator for the KafkaUser <service>
  tls: 'feedback-desk-tls',
  backupStore: 'feedback-desk-backup-s3', // ACCESS_KEY_ID, ACCESS_SECRET_KEY
};

const HTTP_PORT = 8080;
const MANAGEMENT_PORT = 9080;
const fromSecret = (name: string, secret: string, key: string, optional = false) => ({
  name,
  valueFrom: { secretKeyRef: { name: secret, key, ...(optional ? { optional: true } : {}) } },
});

/** The keys a service's configuration requires (its `*.config.ts`). */
const KEYS_OF: Record<string, string[]> = {
  gateway: ['JWT_SECRET'],
  registration: ['JWT_SECRET'],
  forms: ['JWT_SECRET', 'FORM_CODE_KEY'],
  callbacks: ['JWT_SECRET', 'CALLBACK_SAMPLE_KEY'],
  scoring: ['JWT_SECRET'],
};

/** The database of a service: its own role, its password from its Secret (never in the manifest). */
function databaseEnv(service: string) {
  return [
    fromSecret('DATABASE_PASSWORD', SECRETS.database(service), 'password'),
    // Kubernetes puts the variable above in place of $(DATABASE_PASSWORD); make it URL-safe (openssl rand -hex 24)
    { name: 'DATABASE_URL', value: `postgres://fd_${service}:$(DATABASE_PASSWORD)@${settings.postgres.cluster}-rw:5432/feedback_desk` },
  ];
}

function serviceEnv(def: Pick<ServiceDefinition, 'name'>) {
  const svc = def.name;
  return [
    { name: 'SERVICE', value: svc },
    { name: 'HOST', value: '0.0.0.0' },
    { name: 'PORT', value: String(HTTP_PORT) },
    ...databaseEnv(svc),
    { name: 'KAFKA_BROKERS', value: `${settings.kafka.cluster}-kafka-bootstrap:9092` },
    { name: 'KAFKA_SASL_MECHANISM', value: 'scram-sha-512' },
    { name: 'KAFKA_SASL_USERNAME', value: svc },
    fromSecret('KAFKA_SASL_PASSWORD', SECRETS.kafka(svc), 'password'),
    { name: 'KAFKA_TOPIC_PARTITIONS', value: String(settings.partitions) },
    { name: 'KAFKA_TOPIC_REPLICATION_FACTOR', value: String(settings.replicas) },
    ...KEYS_OF[svc].map((k) => fromSecret(k, SECRETS.keys, k)),
    ...(svc === 'gateway'
      ? [
          fromSecret('BOOTSTRAP_ADMIN_PASSWORD', SECRETS.keys, 'BOOTSTRAP_ADMIN_PASSWORD', true),
          fromSecret('BOOTSTRAP_GROUP_ADMIN_PASSWORD', SECRETS.keys, 'BOOTSTRAP_GROUP_ADMIN_PASSWORD', true),
          ...['registration', 'forms', 'callbacks', 'scoring'].map((s) => ({
            name: `${s.toUpperCase()}_URL`,
            value: `http://${s}:${HTTP_PORT}`,
          })),
          { name: 'MANAGEMENT_PORT', value: String(MANAGEMENT_PORT) },
          { name: 'MANAGEMENT_HOST', value: '0.0.0.0' }, // Prometheus scrapes it; the Ingress only reaches port http
          { name: 'TRUST_PROXY', value: '1' }, // the ingress controller: one hop
        ]
      : []),
  ];
}

const securityContext = {
  runAsNonRoot: true,
  runAsUser: 1000, // the image's `node`
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
};
const resourcesOf = (svc: string) =>
  svc === 'gateway'
    ? { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } }
    : { requests: { cpu: '200m', memory: '192Mi' }, limits: { cpu: '1', memory: '512Mi' } };

function deployment(def: ServiceDefinition): K8sObject {
  const svc = def.name;
  const gateway = svc === 'gateway';
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(svc),
    spec: {
      replicas: settings.minInstances,
      selector: { matchLabels: labelsOf(svc) },
      // one new instance at a time, none taken away before its successor is ready
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels: labelsOf(svc) },
        spec: {
          automountServiceAccountToken: false,
          terminationGracePeriodSeconds: 30,
          securityContext: { fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: svc,
              image: settings.image,
              env: serviceEnv(def),
              ports: [
                { name: 'http', containerPort: HTTP_PORT },
                ...(gateway ? [{ name: 'management', containerPort: MANAGEMENT_PORT }] : []),
              ],
              // a SIGKILLed consumer's successor is ready only once the broker dropped the old member (~10 s)
              startupProbe: { httpGet: { path: '/health/live', port: 'http' }, periodSeconds: 2, failureThreshold: 30 },
              livenessProbe: { httpGet: { path: '/health/live', port: 'http' }, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
              readinessProbe: {
                httpGet: { path: '/health/ready', port: 'http' },
                periodSeconds: 5,
                timeoutSeconds: 3,
                failureThreshold: 3,
              },
              // out of the Service's endpoints before SIGTERM closes the listener
              lifecycle: { preStop: { exec: { command: ['sleep', '5'] } } },
              resources: resourcesOf(svc),
              securityContext,
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            },
          ],
          volumes: [{ name: 'tmp', emptyDir: {} }],
        },
      },
    },
  };
}

function service(def: ServiceDefinition): K8sObject[] {
  const svc = def.name;
  const own: K8sObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(svc),
    spec: { selector: labelsOf(svc), ports: [{ name: 'http', port: HTTP_PORT, targetPort: 'http' }] },
  };
  if (svc !== 'gateway') return [own];
  // the gateway's metrics are on its management port only (docs/operations.md, "Processes and ports")
  return [
    own,
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('gateway-management', { 'app.kubernetes.io/name': 'gateway' }),
      spec: { selector: labelsOf(svc), ports: [{ name: 'management', port: MANAGEMENT_PORT, targetPort: 'management' }] },
    },
  ];
}

function serviceMonitor(def: ServiceDefinition): K8sObject {
  const svc = def.name;
  const port = svc === 'gateway' ? 'management' : 'http';
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: meta(svc),
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/name': svc, 'app.kubernetes.io/part-of': PART_OF } },
      // every series gets the label `service`, the Service's name: the service's, which the lag rule of the autoscaler selects
      endpoints: [{ port, path: '/metrics', interval: '15s' }],
    },
  };
}

function pdb(def: ServiceDefinition): K8sObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: meta(def.name),
    spec: { minAvailable: 1, selector: { matchLabels: labelsOf(def.name) } },
  };
}

/** The external metric that prometheus-adapter serves from `consumer_lag` (docs/operations.md, "Autoscaling"). */
export const LAG_METRIC = 'feedback_desk_consumer_lag';

function hpa(def: ServiceDefinition): K8sObject {
  const consumes = (def.consumes ?? []).length > 0;
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: meta(def.name),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: def.name },
      minReplicas: settings.minInstances,
      // a consumer beyond the partitions gets none: more instances would only idle
      maxReplicas: consumes ? Math.min(settings.maxInstances, settings.partitions) : settings.maxInstances,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
        ...(consumes
          ? [
              {
                type: 'External',
                external: {
                  metric: { name: LAG_METRIC, selector: { matchLabels: { service: def.name } } },
                  target: { type: 'AverageValue', averageValue: String(settings.lagPerInstance) },
                },
              },
            ]
          : []),
      ],
      behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
    },
  };
}

function ingress(): K8sObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: meta('feedback-desk'),
    spec: {
      ingressClassName: settings.ingressClassName,
      tls: [{ hosts: [settings.host], secretName: SECRETS.tls }],
      rules: [
        {
          host: settings.host,
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'gateway', port: { name: 'http' } } } }] },
        },
      ],
    },
  };
}

// ---- Kafka (Strimzi) ----

const STRIMZI_OPERATION = { READ: 'Read', WRITE: 'Write', CREATE: 'Create', IDEMPOTENT_WRITE: 'IdempotentWrite' } as const;
const kafkaLabels = (name: string) => ({ ...meta(name), labels: { ...labelsOf(name), 'strimzi.io/cluster': settings.kafka.cluster } });

/** Every topic the services use, with who publishes and consumes it. */
export function topics(services: Pick<ServiceDefinition, 'name' | 'consumes'>[] = SERVICES): string[] {
  return [...new Set(services.flatMap((s) => serviceTopics(s).all))].sort();
}

function kafka(): K8sObject[] {
  const { cluster, version, metadataVersion, storage } = settings.kafka;
  return [
    {
      apiVersion: 'kafka.strimzi.io/v1',
      kind: 'KafkaNodePool',
      metadata: kafkaLabels(`${cluster}-dual-role`),
      spec: {
        replicas: 3,
        roles: ['controller', 'broker'],
        storage: {
          type: 'jbod',
          volumes: [{ id: 0, type: 'persistent-claim', size: storage, kraftMetadata: 'shared', deleteClaim: false }],
        },
        resources: { requests: { cpu: '500m', memory: '2Gi' }, limits: { memory: '2Gi' } },
      },
    },
    {
      apiVersion: 'kafka.strimzi.io/v1',
      kind: 'Kafka',
      metadata: meta(cluster),
      spec: {
        kafka: {
          version,
          metadataVersion,
          listeners: [{ name: 'scram', port: 9092, type: 'internal', tls: false, authentication: { type: 'scram-sha-512' } }],
          authorization: { type: 'simple' },
          config: {
            'auto.create.topics.enable': false,
            'default.replication.factor': settings.replicas,
            'min.insync.replicas': 2,
            'offsets.topic.replication.factor': 3,
            'transaction.state.log.replication.factor': 3,
            'transaction.state.log.min.isr': 2,
            // as tools/kafka/kafka.sh: INBOX_RETENTION_DAYS (14) is reasoned from these (docs/operations.md)
            'log.retention.hours': 24,
            'log.roll.hours': 168,
            'offsets.retention.minutes': 10080,
          },
        },
        entityOperator: { topicOperator: {}, userOperator: {} },
      },
    },
    ...topics().map(
      (topic): K8sObject => ({
        apiVersion: 'kafka.strimzi.io/v1',
        kind: 'KafkaTopic',
        metadata: kafkaLabels(topic),
        spec: { topicName: topic, partitions: settings.partitions, replicas: settings.replicas },
      }),
    ),
    ...SERVICES.map((def): K8sObject => {
      const acls = serviceAcls([def]);
      const byResource = new Map<string, { resource: Record<string, string>; operations: string[] }>();
      for (const a of acls) {
        const resource: Record<string, string> =
          a.resource === 'CLUSTER'
            ? { type: 'cluster' }
            : { type: a.resource === 'TOPIC' ? 'topic' : 'group', name: a.name, patternType: 'literal' };
        const key = JSON.stringify(resource);
        const entry = byResource.get(key) ?? { resource, operations: [] as string[] };
        entry.operations.push(STRIMZI_OPERATION[a.operation]);
        byResource.set(key, entry);
      }
      return {
        apiVersion: 'kafka.strimzi.io/v1',
        kind: 'KafkaUser',
        metadata: kafkaLabels(def.name),
        spec: {
          authentication: { type: 'scram-sha-512' },
          authorization: { type: 'simple', acls: [...byResource.values()].map((e) => ({ ...e, host: '*' })) },
        },
      };
    }),
  ];
}

// ---- PostgreSQL (CloudNativePG) ----

const BARMAN = 'barman-cloud.cloudnative-pg.io';

function postgres(): K8sObject[] {
  const { cluster, image, instances, storage } = settings.postgres;
  return [
    {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'Cluster',
      metadata: meta(cluster),
      spec: {
        instances,
        imageName: image,
        storage: { size: storage },
        enableSuperuserAccess: true, // the migration job provisions the schemas as the administrator
        bootstrap: { initdb: { database: 'feedback_desk', owner: 'feedback_desk' } },
        managed: {
          // one login role per service; CloudNativePG keeps each password as its Secret says
          roles: SERVICES.map((s) => ({
            name: `fd_${s.name}`,
            ensure: 'present',
            login: true,
            superuser: false,
            createdb: false,
            createrole: false,
            replication: false,
            bypassrls: false,
            passwordSecret: { name: SECRETS.database(s.name) },
          })),
        },
        plugins: [{ name: BARMAN, isWALArchiver: true, parameters: { barmanObjectName: settings.backups.objectStore } }],
        resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '1Gi' } },
      },
    },
    {
      apiVersion: 'barmancloud.cnpg.io/v1',
      kind: 'ObjectStore',
      metadata: meta(settings.backups.objectStore),
      spec: {
        retentionPolicy: settings.backups.retention,
        configuration: {
          destinationPath: settings.backups.destinationPath,
          s3Credentials: {
            accessKeyId: { name: SECRETS.backupStore, key: 'ACCESS_KEY_ID' },
            secretAccessKey: { name: SECRETS.backupStore, key: 'ACCESS_SECRET_KEY' },
          },
          wal: { compression: 'gzip' },
          data: { compression: 'gzip' },
        },
      },
    },
    {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'ScheduledBackup',
      metadata: meta(`${cluster}-daily`),
      spec: {
        schedule: settings.backups.schedule,
        immediate: true,
        backupOwnerReference: 'self',
        cluster: { name: cluster },
        method: 'plugin',
        pluginConfiguration: { name: BARMAN },
      },
    },
  ];
}

// ---- the migration job ----

function migrationJob(services: ServiceDefinition[]): K8sObject[] {
  const sql = (f: string) => fs.readFileSync(path.join(root, 'deploy/postgres', f), 'utf8');
  return [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta('feedback-desk-db-provisioning'),
      data: { 'provision-roles.psql': sql('provision-roles.psql'), 'service-roles.sql': sql('service-roles.sql') },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: meta('feedback-desk-migrate'),
      spec: {
        backoffLimit: 6,
        ttlSecondsAfterFinished: 86400,
        template: {
          metadata: { labels: labelsOf('feedback-desk-migrate') },
          spec: {
            restartPolicy: 'OnFailure',
            automountServiceAccountToken: false,
            securityContext: { fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
            // first the roles' schemas and rights, as the administrator (deploy/postgres/provision-roles.psql);
            // the passwords are CloudNativePG's (managed roles), so none is given here
            initContainers: [
              {
                name: 'provision-roles',
                image: settings.psqlImage,
                command: ['psql', '-v', 'ON_ERROR_STOP=1', '-f', '/provision/provision-roles.psql'],
                env: [
                  { name: 'PGHOST', value: `${settings.postgres.cluster}-rw` },
                  { name: 'PGDATABASE', value: 'feedback_desk' },
                  fromSecret('PGUSER', SECRETS.superuser, 'username'),
                  fromSecret('PGPASSWORD', SECRETS.superuser, 'password'),
                ],
                volumeMounts: [{ name: 'provisioning', mountPath: '/provision', readOnly: true }],
                resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } },
                securityContext: { ...securityContext, runAsUser: 999 },
              },
            ],
            // then each service's migrations, as its own role: the image's service with MIGRATE_ONLY=1
            containers: services.map((def) => ({
              name: `migrate-${def.name}`,
              image: settings.image,
              env: [
                { name: 'SERVICE', value: def.name },
                { name: 'MIGRATE_ONLY', value: '1' },
                ...databaseEnv(def.name),
                ...KEYS_OF[def.name].map((k) => fromSecret(k, SECRETS.keys, k)),
              ],
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '384Mi' } },
              securityContext,
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            })),
            volumes: [
              { name: 'provisioning', configMap: { name: 'feedback-desk-db-provisioning' } },
              { name: 'tmp', emptyDir: {} },
            ],
          },
        },
      },
    },
  ];
}

/** The three parts, applied in this order (docs/operations.md, "Kubernetes"). */
export function renderManifests(
  services: ServiceDefinition[] = SERVICES as ServiceDefinition[],
): Record<'platform' | 'migrate' | 'services', K8sObject[]> {
  return {
    platform: [...kafka(), ...postgres()],
    migrate: migrationJob(services),
    services: [...services.flatMap((def) => [deployment(def), ...service(def), pdb(def), hpa(def), serviceMonitor(def)]), ingress()],
  };
}

export const OUTPUT_DIR = path.join(root, 'deploy/k8s');
const HEADER =
  '# Generated by tools/k8s/manifests.ts from the service definitions and contracts; do not edit by hand\n# (change the generator, or patch in an overlay: docs/operations.md, "Kubernetes").\n';

/** The YAML of one part, as written to deploy/k8s/<part>/resources.yaml. */
export function toYaml(objects: K8sObject[]): string {
  return HEADER + objects.map((o) => `---\n${stringify(o, { lineWidth: 0 })}`).join('');
}

if (require.main === module) {
  for (const [part, objects] of Object.entries(renderManifests())) {
    fs.mkdirSync(path.join(OUTPUT_DIR, part), { recursive: true });
    fs.writeFileSync(path.join(OUTPUT_DIR, part, 'resources.yaml'), toYaml(objects));
    process.stdout.write(`deploy/k8s/${part}/resources.yaml: ${objects.length} objects\n`);
  }
}
