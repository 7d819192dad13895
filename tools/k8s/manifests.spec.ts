import fs from 'node:fs';
import path from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { Service, ConfigMap } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { serviceAcls } from '../kafka/acls';
import { K8sObject, OUTPUT_DIR, renderManifests, SECRETS, settings, topics, toYaml } from './manifests';

// The Kubernetes deployment (deploy/k8s), checked without a cluster: every object against the
// schema of its kind (Kubernetes' own through kubernetes-models; the operators' CRDs vendored in
// deploy/k8s/crd-schemas, from Strimzi, CloudNativePG and its Barman Cloud plugin), then what
// matters to run it (docs/operations.md, "Kubernetes").

type Validator = (o: K8sObject) => string[];

const BUILT_IN: Record<string, new (o: never) => { validate(): void }> = {
  'v1/Service': Service,
  'v1/ConfigMap': ConfigMap,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/Ingress': Ingress,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
};

/**
 * An operator's schema as the API server applies it with strict field validation: a field the
 * schema does not name is an error (unless the schema keeps unknown fields there).
 */
function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strict);
  if (!schema || typeof schema !== 'object') return schema;
  const s = Object.fromEntries(
    Object.entries(schema).map(([k, v]) => [
      k,
      k === 'properties' ? Object.fromEntries(Object.entries(v as object).map(([p, x]) => [p, strict(x)])) : strict(v),
    ]),
  );
  if (s.properties && !s['x-kubernetes-preserve-unknown-fields'] && s.additionalProperties === undefined) s.additionalProperties = false;
  return s;
}

const crdValidators = (() => {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const dir = path.join(OUTPUT_DIR, 'crd-schemas');
  const byKind = new Map<string, ValidateFunction>();
  for (const f of fs.readdirSync(dir)) {
    const { apiVersion, kind, schema } = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
    const s = strict(schema) as { properties: Record<string, unknown> };
    s.properties.metadata = { type: 'object' }; // ObjectMeta: checked below for every kind alike
    byKind.set(`${apiVersion}/${kind}`, ajv.compile(s));
  }
  return byKind;
})();

const schemaProblems: Validator = (o) => {
  const key = `${o.apiVersion}/${o.kind}`;
  const where = `${o.kind} ${o.metadata?.name}`;
  const problems: string[] = [];
  if (!o.metadata?.name || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(o.metadata.name))
    problems.push(`${where}: metadata.name is not a DNS name`);
  const Model = BUILT_IN[key];
  if (Model) {
    try {
      new Model(o as never).validate();
    } catch (e) {
      problems.push(`${where}: ${(e as Error).message}`);
    }
    return problems;
  }
  const validate = crdValidators.get(key);
  if (!validate) return [...problems, `${where}: no schema for ${key}`];
  if (!validate(o))
    problems.push(...(validate.errors ?? []).map((e) => `${where}: ${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`));
  return problems;
};

type Container = {
  name: string;
  image: string;
  env?: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }>;
  ports?: Array<{ name?: string; containerPort: number }>;
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  startupProbe?: { httpGet?: { path: string; port: string | number } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
};
const podSpec = (o: K8sObject) =>
  (o.spec as { template: { spec: { containers: Container[]; initContainers?: Container[] } } }).template.spec;
const containersOf = (o: K8sObject) => [...(podSpec(o).initContainers ?? []), ...podSpec(o).containers];

/** A variable whose value is a secret: never written in a manifest, only taken from a Secret. */
const SECRET_VARIABLE = /(SECRET|PASSWORD|_KEY$|^PGPASSWORD$)/;
/** An image at an exact version (x.y.z, maybe with a suffix) or a digest; never `latest` or a moving major. */
const PINNED = /(@sha256:[0-9a-f]{64}$|:\d+\.\d+(\.\d+)?(-[a-z0-9.-]+)?$)/;

const invariantProblems = (all: K8sObject[]): string[] => {
  const problems: string[] = [];
  const of = (kind: string) => all.filter((o) => o.kind === kind);
  const deployments = of('Deployment');
  for (const o of of('Secret'))
    problems.push(`Secret ${o.metadata.name}: secrets are made by the operators, never written in the manifests`);
  for (const o of [...deployments, ...of('Job')]) {
    const where = `${o.kind} ${o.metadata.name}`;
    for (const c of containersOf(o)) {
      if (!PINNED.test(c.image)) problems.push(`${where}/${c.name}: image ${c.image} is not pinned to an exact version or digest`);
      if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory || !c.resources?.limits?.memory)
        problems.push(`${where}/${c.name}: no cpu and memory requests and a memory limit`);
      for (const e of c.env ?? []) {
        if (SECRET_VARIABLE.test(e.name) && !e.valueFrom?.secretKeyRef)
          problems.push(`${where}/${c.name}: ${e.name} is not taken from a Secret`);
        // a password in an address: only as a reference to a variable taken from a Secret
        const password = e.value && /^[a-z]+:\/\/[^:/@]+:([^@]*)@/.exec(e.value)?.[1];
        if (password && !/^\$\([A-Z_]+\)$/.test(password)) problems.push(`${where}/${c.name}: ${e.name} holds a password`);
      }
    }
  }
  for (const d of deployments) {
    const where = `Deployment ${d.metadata.name}`;
    for (const c of podSpec(d).containers) {
      const declared = new Set((c.ports ?? []).flatMap((p) => [p.name, p.containerPort]));
      for (const [kind, probe, path] of [
        ['liveness', c.livenessProbe, '/health/live'],
        ['readiness', c.readinessProbe, '/health/ready'],
      ] as const) {
        if (!probe?.httpGet) problems.push(`${where}/${c.name}: no ${kind} probe`);
        else if (probe.httpGet.path !== path)
          problems.push(`${where}/${c.name}: the ${kind} probe asks ${probe.httpGet.path}, not ${path}`);
        else if (!declared.has(probe.httpGet.port))
          problems.push(`${where}/${c.name}: the ${kind} probe's port ${probe.httpGet.port} is not one the container declares`);
      }
      if (c.startupProbe?.httpGet && !declared.has(c.startupProbe.httpGet.port))
        problems.push(`${where}/${c.name}: the startup probe's port is not declared`);
    }
    const name = d.metadata.name;
    const selects = (o: K8sObject) => {
      const labels = (o.spec as { selector?: { matchLabels?: Record<string, string> } }).selector?.matchLabels ?? {};
      const podLabels = (d.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels;
      return Object.keys(labels).length > 0 && Object.entries(labels).every(([k, v]) => podLabels[k] === v);
    };
    const budget = of('PodDisruptionBudget').find(selects);
    const scaler = of('HorizontalPodAutoscaler').find((h) => (h.spec as { scaleTargetRef: { name: string } }).scaleTargetRef.name === name);
    if (!budget) problems.push(`${where}: no PodDisruptionBudget`);
    if (!scaler) problems.push(`${where}: no HorizontalPodAutoscaler`);
    const replicas = (d.spec as { replicas?: number }).replicas ?? 1;
    if (budget && replicas < 2)
      problems.push(`${where}: ${replicas} replica(s) under a PodDisruptionBudget: no node could ever be drained`);
    const min = (scaler?.spec as { minReplicas?: number } | undefined)?.minReplicas ?? 1;
    if (budget && scaler && min < 2) problems.push(`${where}: its autoscaler may go down to ${min} replica(s) under a PodDisruptionBudget`);
  }
  return problems;
};

const render = () => renderManifests();
const everything = () => Object.values(render()).flat();

describe('the Kubernetes manifests (deploy/k8s)', () => {
  it('everyObject_isValidAgainstTheSchemaOfItsKind', () => {
    const objects = everything();
    expect(new Set(objects.map((o) => o.kind))).toEqual(
      new Set([
        'Deployment',
        'Service',
        'PodDisruptionBudget',
        'HorizontalPodAutoscaler',
        'ServiceMonitor',
        'Ingress',
        'Job',
        'ConfigMap',
        'Kafka',
        'KafkaNodePool',
        'KafkaTopic',
        'KafkaUser',
        'Cluster',
        'ObjectStore',
        'ScheduledBackup',
      ]),
    );
    expect(objects.flatMap(schemaProblems)).toEqual([]);
  });

  it('holdsTheInvariants_probesResourcesPinnedImagesSecretsOnlyReferenced_aBudgetAndAnAutoscalerPerService', () => {
    const objects = everything();
    expect(invariantProblems(objects)).toEqual([]);
    const deployments = objects.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name);
    expect(deployments.sort()).toEqual(['callbacks', 'forms', 'gateway', 'registration', 'scoring']);
  });

  it('failsOnABrokenManifest', () => {
    const broken = JSON.parse(JSON.stringify(everything())) as K8sObject[];
    const forms = broken.find((o) => o.kind === 'Deployment' && o.metadata.name === 'forms')!;
    const c = podSpec(forms).containers[0];
    delete c.readinessProbe;
    c.livenessProbe!.httpGet!.port = 'metrics';
    c.image = 'registry.example.com/feedback-desk:latest';
    c.env!.push({ name: 'FORM_CODE_KEY', value: 'a-key-written-in-the-manifest-for-everyone-to-read' });
    (forms.spec as { replicas: number }).replicas = 1;
    const scoring = broken.find((o) => o.kind === 'Deployment' && o.metadata.name === 'scoring')!;
    delete podSpec(scoring).containers[0].resources;
    const withoutBudget = broken.filter((o) => !(o.kind === 'PodDisruptionBudget' && o.metadata.name === 'callbacks'));
    expect(invariantProblems(withoutBudget)).toEqual(
      expect.arrayContaining([
        'Deployment forms/forms: image registry.example.com/feedback-desk:latest is not pinned to an exact version or digest',
        'Deployment forms/forms: FORM_CODE_KEY is not taken from a Secret',
        'Deployment scoring/scoring: no cpu and memory requests and a memory limit',
        'Deployment forms/forms: no readiness probe',
        "Deployment forms/forms: the liveness probe's port metrics is not one the container declares",
        'Deployment forms: 1 replica(s) under a PodDisruptionBudget: no node could ever be drained',
        'Deployment callbacks: no PodDisruptionBudget',
      ]),
    );
    // and the schemas: a wrong type in a Deployment, a field Strimzi does not know, partitions that are not a number
    (forms.spec as { replicas: unknown }).replicas = 'two';
    const topic = broken.find((o) => o.kind === 'KafkaTopic')!;
    (topic.spec as Record<string, unknown>).partitions = 'six';
    const user = broken.find((o) => o.kind === 'KafkaUser')!;
    (user.spec as Record<string, unknown>).authentication = { type: 'scram-sha-512', pasword: 'x' };
    const problems = [forms, topic, user].flatMap(schemaProblems).join('\n');
    expect(problems).toMatch(/Deployment forms: .*replicas must be integer/);
    expect(problems).toMatch(/KafkaTopic .*: \/spec\/partitions must be integer/);
    expect(problems).toMatch(/KafkaUser .*: \/spec\/authentication must NOT have additional properties .*pasword/);
  });

  it('makesEveryTopicTheServicesUse_andGivesEachServiceTheAclsOfTheBrokerOfDockerCompose', () => {
    const { platform } = render();
    const kafkaTopics = platform.filter((o) => o.kind === 'KafkaTopic').map((o) => o.spec as { topicName: string; partitions: number });
    expect(kafkaTopics.map((t) => t.topicName)).toEqual(topics());
    expect(kafkaTopics.map((t) => t.topicName)).toEqual(expect.arrayContaining(['forms.v1', 'forms.v1.dlq', 'registration.purchases.v1']));
    for (const t of kafkaTopics) expect(t.partitions).toBe(settings.partitions);
    const ops = { Read: 'READ', Write: 'WRITE', Create: 'CREATE', IdempotentWrite: 'IDEMPOTENT_WRITE' } as const;
    for (const user of platform.filter((o) => o.kind === 'KafkaUser')) {
      const spec = user.spec as {
        authentication: { type: string };
        authorization: { acls: Array<{ resource: { type: string; name?: string }; operations: Array<keyof typeof ops> }> };
      };
      expect(spec.authentication.type).toBe('scram-sha-512');
      const granted = spec.authorization.acls.flatMap((a) =>
        a.operations.map((op) => `${a.resource.type.toUpperCase()}|${a.resource.name ?? 'kafka-cluster'}|${ops[op]}`),
      );
      const wanted = serviceAcls()
        .filter((a) => a.principal === `User:${user.metadata.name}`)
        .map((a) => `${a.resource}|${a.name}|${a.operation}`);
      expect(granted.sort()).toEqual(wanted.sort());
    }
  });

  it('runsTheMigrationsAsAJob_eachServiceAsItsOwnRole_withACommandTheImageHas', () => {
    const [, job] = render().migrate;
    const containers = containersOf(job);
    expect(containers[0].name).toBe('provision-roles');
    for (const c of containers.slice(1)) {
      const env = Object.fromEntries((c.env ?? []).map((e) => [e.name, e]));
      const service = env.SERVICE.value!;
      expect(env.MIGRATE_ONLY.value).toBe('1'); // libs/platform/src/service/boot.ts, runService
      expect(env.DATABASE_URL.value).toContain(`postgres://fd_${service}:$(DATABASE_PASSWORD)@`);
      expect(env.DATABASE_PASSWORD.valueFrom?.secretKeyRef?.name).toBe(SECRETS.database(service));
    }
    // the service image runs dist/apps/${SERVICE}/src/main.js, which is runService(): MIGRATE_ONLY migrates and exits
    expect(fs.readFileSync(path.join(OUTPUT_DIR, '../service.Dockerfile'), 'utf8')).toContain('dist/apps/${SERVICE}/src/main.js');
  });

  it('theFilesInDeployK8s_areWhatTheGeneratorRenders', () => {
    for (const [part, objects] of Object.entries(render())) {
      const file = path.join(OUTPUT_DIR, part, 'resources.yaml');
      expect({ file, text: fs.readFileSync(file, 'utf8') }).toEqual({ file, text: toYaml(objects) }); // stale: node -r @swc-node/register tools/k8s/manifests.ts
      const parsed = parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJS());
      expect(parsed).toEqual(JSON.parse(JSON.stringify(objects)));
    }
  });
});
