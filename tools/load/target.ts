// The system under load: the harness's own (a fresh database, topic prefix, free ports and,
// if asked, a broker of its own), or one already running, given by its URL.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { createKafka } from '@fd/platform';
import {
  DEFAULT_PORTS,
  RunningSystem,
  SERVICES,
  ServiceName,
  SystemOptions,
  freePort,
  onDatabaseServer,
  startSystem,
} from '../system/system';
import { deleteTopicsAndGroups } from '../bench/pipeline.bench';
import { REPO } from '../bench/util';

const run = promisify(execFile);

/** The consuming services and the schema their consumer group is named after. */
export const CONSUMERS: ServiceName[] = ['registration', 'forms', 'callbacks', 'scoring'];

export interface Broker {
  /** host:port */
  address: string;
  own: boolean;
  /** stopped by the harness and not started again (yet) */
  down?: boolean;
  stop(): Promise<void>;
  start(): Promise<void>;
  pid(): number | null;
  /** Wipes the broker's data (own broker only). */
  dispose(): Promise<void>;
}

/**
 * The broker of tools/kafka/kafka.sh: the shared one, or one of the harness's own on other ports
 * with its state in `ownHome` (one per run: two runs at once must not share a broker's files).
 */
export async function broker(own: boolean, ownHome: string, log: (s: string) => void): Promise<Broker> {
  const script = path.join(REPO, 'tools/kafka/kafka.sh');
  const env: NodeJS.ProcessEnv = { ...process.env };
  let home = path.join(REPO, '.cache/kafka');
  if (own) {
    home = ownHome;
    mkdirSync(home, { recursive: true });
    // the jars of the shared broker's download, not a second copy
    const shared = path.join(REPO, '.cache/kafka/lib');
    if (!existsSync(path.join(home, 'lib')) && existsSync(shared)) symlinkSync(shared, path.join(home, 'lib'));
    env.KAFKA_HOME_DIR = home;
    env.KAFKA_PORT = String(await freePort());
    env.KAFKA_CONTROLLER_PORT = String(await freePort());
  } else {
    delete env.KAFKA_HOME_DIR;
    delete env.KAFKA_PORT;
    delete env.KAFKA_CONTROLLER_PORT;
  }
  const kafka = (cmd: string) => run('bash', [script, cmd], { env, timeout: 180000 });
  const address = `127.0.0.1:${env.KAFKA_PORT ?? '9092'}`;
  const b: Broker = {
    address,
    own,
    async start() {
      const r = await kafka('start');
      b.down = false;
      log(r.stdout.trim());
    },
    async stop() {
      b.down = true;
      const r = await kafka('stop');
      log(r.stdout.trim());
    },
    pid() {
      try {
        return Number(readFileSync(path.join(home, 'kafka.pid'), 'utf8').trim()) || null;
      } catch {
        return null;
      }
    },
    async dispose() {
      if (!own) return;
      await kafka('reset').catch((e) => log(`could not reset the load's broker: ${String(e)}`));
      rmSync(home, { recursive: true, force: true });
    },
  };
  await b.start();
  return b;
}

export interface Target {
  url: string;
  adminUsername: string;
  adminPassword: string;
  /** the group administration, which makes the other malls' administrators (none: the system has no such account) */
  groupUsername: string;
  groupPassword?: string;
  /** The services' own ports (to find their processes). */
  ports: Record<ServiceName, number>;
  /** Where /metrics and the health details are (the gateway's management port, the others' own). */
  metricsPorts: Record<ServiceName, number>;
  topicPrefix: string;
  database?: string;
  databaseUrl?: string;
  logDir?: string;
  system?: RunningSystem;
  broker: Broker;
  /** Whether killed services are restarted by the system runner itself. */
  supervised: boolean;
  /** The restarts the runner made, when it reports them. */
  restarts(): unknown;
  stop(keep: boolean): Promise<void>;
}

export interface OwnSystemOptions {
  runId: string;
  broker: Broker;
  logDir: string;
  supervise: boolean;
  /** processes per service, where the system runner can run several */
  instances: Record<string, number>;
  env: Record<string, string>;
  log: (s: string) => void;
  /** where the runner's own lines (supervision) go */
  runnerLog: (line: string) => void;
}

/** The whole system on a database, topic prefix and ports of its own, with secrets made for this run. */
export async function startOwnSystem(o: OwnSystemOptions): Promise<Target> {
  const database = `fd_load_${o.runId}`;
  const databaseUrl = `postgres://postgres@127.0.0.1:5432/${database}`;
  const topicPrefix = `${database}.`;
  await onDatabaseServer((c) => c.query(`CREATE DATABASE "${database}"`));
  const secret = () => randomBytes(32).toString('base64url');
  const adminPassword = randomBytes(12).toString('base64url');
  const groupPassword = randomBytes(12).toString('base64url');
  const ports = Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [s, await freePort()]))) as Record<ServiceName, number>;
  // `supervise` (restart a killed service), `instances` and `log` are newer options of the
  // runner; one without them ignores them
  const options: SystemOptions & { supervise?: boolean; instances?: Record<string, number>; log?: (line: string) => void } = {
    databaseUrl,
    topicPrefix,
    testClock: false,
    ports,
    logDir: o.logDir,
    supervise: o.supervise,
    instances: o.instances,
    log: o.runnerLog,
    env: {
      BOOTSTRAP_ADMIN_PASSWORD: adminPassword,
      BOOTSTRAP_GROUP_ADMIN_PASSWORD: groupPassword,
      JWT_SECRET: secret(),
      FORM_CODE_KEY: secret(),
      CALLBACK_SAMPLE_KEY: secret(),
      KAFKA_BROKERS: o.broker.address,
      ...o.env,
    },
  };
  o.log(`starting the system on database ${database}, broker ${o.broker.address}, logs in ${path.relative(REPO, o.logDir)}/`);
  let system: RunningSystem;
  try {
    system = await startSystem(options);
  } catch (e) {
    await onDatabaseServer((c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)).catch(() => undefined);
    throw e;
  }
  const withRestarts = system as RunningSystem & { restarts?: () => unknown };
  return {
    url: system.url,
    adminUsername: 'admin',
    adminPassword,
    groupUsername: 'group',
    groupPassword,
    ports: system.ports,
    metricsPorts: system.metricsPorts,
    topicPrefix,
    database,
    databaseUrl,
    logDir: o.logDir,
    system,
    broker: o.broker,
    supervised: o.supervise && typeof withRestarts.restarts === 'function',
    restarts: () => (typeof withRestarts.restarts === 'function' ? withRestarts.restarts() : undefined),
    async stop(keep: boolean) {
      await system.stop().catch((e) => o.log(`stopping the services: ${String(e)}`));
      if (keep) {
        o.log(`kept database ${database} and topics ${topicPrefix}* (--keep)`);
        return;
      }
      await onDatabaseServer((c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)).catch((e) =>
        o.log(`could not drop ${database}: ${String(e)}`),
      );
      if (!o.broker.own)
        await deleteOwnTopics(o.broker.address, topicPrefix).catch((e) => o.log(`could not delete the topics: ${String(e)}`));
    },
  };
}

async function deleteOwnTopics(address: string, prefix: string) {
  const kafka = createKafka(`load-cleanup-${process.pid}`, { brokers: [address] });
  const admin = kafka.admin();
  await admin.connect();
  let topics: string[];
  let groups: string[];
  try {
    topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(prefix));
  } finally {
    await admin.disconnect();
  }
  await deleteTopicsAndGroups(kafka, topics, groups);
}

/** A system someone else runs; the harness only sends it traffic and reads its /metrics. */
export function runningTarget(o: {
  url: string;
  adminUsername: string;
  adminPassword: string;
  groupUsername: string;
  groupPassword?: string;
  ports?: Partial<Record<ServiceName, number>>;
  topicPrefix: string;
  broker: Broker;
}): Target {
  return {
    url: o.url.replace(/\/$/, ''),
    adminUsername: o.adminUsername,
    adminPassword: o.adminPassword,
    groupUsername: o.groupUsername,
    groupPassword: o.groupPassword,
    ports: { ...DEFAULT_PORTS, ...o.ports },
    // a system started by `npm start` has the gateway's management port beside its port
    metricsPorts: { ...DEFAULT_PORTS, ...o.ports, gateway: (o.ports?.gateway ?? DEFAULT_PORTS.gateway) + 1000 },
    topicPrefix: o.topicPrefix,
    broker: o.broker,
    supervised: false,
    restarts: () => undefined,
    async stop() {},
  };
}

/** The server and database of a PostgreSQL URL, whoever connects (each service connects as its own role). */
const databaseOf = (url: string) => {
  const u = new URL(url);
  return `${u.host}${u.pathname}`;
};

/** The pids of a service's processes in the harness's own system (found by their environment). */
export function servicePids(databaseUrl: string, service: ServiceName): number[] {
  const pids: number[] = [];
  const database = databaseOf(databaseUrl);
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const env = readFileSync(`/proc/${d}/environ`, 'utf8').split('\0');
      const url = env.find((e) => e.startsWith('DATABASE_URL='))?.slice('DATABASE_URL='.length);
      if (env.includes(`SERVICE_NAME=${service}`) && url && databaseOf(url) === database) pids.push(Number(d));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}
