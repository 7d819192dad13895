import { z } from 'zod';
import { loadConfig, setting } from './config';

/**
 * The variables every service reads through the platform, in groups that a tool can load alone
 * (a command line opens a database, a test a Kafka client). Each service's schema adds its own
 * (`serviceConfig`). docs/operations.md, "Configuration (environment)", lists every one.
 */

const POSTGRES_URL = /^(postgres|postgresql|socket):/;

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/feedback_desk';

export const databaseSettings = {
  DATABASE_URL: setting
    .text(DEFAULT_DATABASE_URL)
    .refine(
      (url) => POSTGRES_URL.test(url) && URL.canParse(url),
      'must be a PostgreSQL address such as postgres://user:password@host:5432/database',
    ),
  /** The service's schema; its name when unset. */
  DB_SCHEMA: setting.optionalText().refine((s) => s === undefined || /^[a-z_][a-z0-9_]*$/.test(s), 'must be a plain name: a-z, 0-9 and _'),
};

export const SASL_MECHANISMS = ['scram-sha-256', 'scram-sha-512'] as const;

export const kafkaSettings = {
  KAFKA_BROKERS: setting.list('127.0.0.1:9092'),
  /** Prepended to every topic name, so a test run or a second environment shares a broker unseen. */
  KAFKA_TOPIC_PREFIX: setting.text(''),
  KAFKA_SASL_MECHANISM: setting.oneOf(SASL_MECHANISMS, undefined, { anyCase: true }),
  KAFKA_SASL_USERNAME: setting.optionalText(),
  KAFKA_SASL_PASSWORD: setting.optionalText(),
};

/**
 * How a service creates the topics it uses when they are missing (a topic that exists is left as
 * it is: on a cluster, Strimzi's KafkaTopic resources make them first; deploy/k8s).
 */
export const topicSettings = {
  /** Partitions of each topic: the most instances of a consuming service that get work (docs/operations.md, "Partitions and instances"). */
  KAFKA_TOPIC_PARTITIONS: setting.number(3, { min: 1, integer: true }),
  KAFKA_TOPIC_REPLICATION_FACTOR: setting.number(1, { min: 1, integer: true }),
};

/** `MIGRATE_ONLY=1`: the process runs its schema's pending migrations and exits (a deployment's migration job). */
export const startSettings = {
  MIGRATE_ONLY: setting.flag(),
};

export const httpSettings = {
  /** The service's port when unset. */
  PORT: setting.port(),
  HOST: setting.text('127.0.0.1'),
  /** A public-facing service's management port: its port + 1000 when unset (see ServiceDefinition.publicFacing). */
  MANAGEMENT_PORT: setting.port(),
  MANAGEMENT_HOST: setting.text('127.0.0.1'),
};

export const tokenSettings = {
  /** Every service verifies tokens, the entry point also signs them. */
  JWT_SECRET: setting.secret(),
};

export const clockSettings = {
  NODE_ENV: setting.optionalText(),
  /** The shared test clock and its routes (docs/architecture.md, "One test clock for every service"). */
  TEST_CLOCK: setting.flag(),
  /** Where a fresh test clock starts. */
  TEST_CLOCK_START: setting.optionalInstant(),
};

export const outboxSettings = {
  OUTBOX_POLL_MS: setting.number(1000, { min: 1 }),
  OUTBOX_UNHEALTHY_AFTER_MS: setting.number(30000, { min: 1 }),
  OUTBOX_MAX_ATTEMPTS: setting.number(20, { min: 1, integer: true }),
};

export const consumerSettings = {
  // 6 s is the least a broker allows (group.min.session.timeout.ms)
  KAFKA_SESSION_TIMEOUT_MS: setting.number(10000, { min: 6000 }),
  CONSUMER_STALL_MS: setting.number(60000, { min: 1 }),
  CONSUMER_DEAD_MS: setting.number(300000, { min: 1 }),
  INBOX_RETENTION_DAYS: setting.number(14, { min: 1, integer: true }),
};

export const logSettings = {
  LOG_LEVEL: setting.oneOf(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], 'info'),
};

export const platformSettings = {
  ...databaseSettings,
  ...kafkaSettings,
  ...topicSettings,
  ...startSettings,
  ...httpSettings,
  ...tokenSettings,
  ...clockSettings,
  ...outboxSettings,
  ...consumerSettings,
  ...logSettings,
};

type Checked = Partial<z.output<z.ZodObject<typeof kafkaSettings & typeof clockSettings>>>;
type Payload = { issues: Array<{ path?: PropertyKey[] }> };

/** What no single variable can say, checked once each variable it reads is valid (so every wrong variable is named at once). */
const crossChecks: Array<{ keys: Array<keyof Checked>; holds: (c: Checked) => boolean; path?: string; message: string }> = [
  {
    keys: ['KAFKA_SASL_MECHANISM', 'KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'],
    holds: (c) => !!c.KAFKA_SASL_MECHANISM || (!c.KAFKA_SASL_USERNAME && !c.KAFKA_SASL_PASSWORD),
    path: 'KAFKA_SASL_MECHANISM',
    message: 'must be set: KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD need KAFKA_SASL_MECHANISM',
  },
  {
    keys: ['KAFKA_SASL_MECHANISM', 'KAFKA_SASL_USERNAME'],
    holds: (c) => !c.KAFKA_SASL_MECHANISM || !!c.KAFKA_SASL_USERNAME,
    path: 'KAFKA_SASL_USERNAME',
    message: 'must be set with KAFKA_SASL_MECHANISM',
  },
  {
    keys: ['KAFKA_SASL_MECHANISM', 'KAFKA_SASL_PASSWORD'],
    holds: (c) => !c.KAFKA_SASL_MECHANISM || !!c.KAFKA_SASL_PASSWORD,
    path: 'KAFKA_SASL_PASSWORD',
    message: 'must be set with KAFKA_SASL_MECHANISM',
  },
  {
    // moving time forward makes every open form overdue, zeroes merchants and closes appeal windows
    keys: ['TEST_CLOCK', 'NODE_ENV'],
    holds: (c) => !(c.TEST_CLOCK && c.NODE_ENV === 'production'),
    message: 'TEST_CLOCK=1 is refused with NODE_ENV=production: the test clock moves time for every service and cannot be undone',
  },
];

function withCrossChecks<S extends z.ZodObject>(schema: S): S {
  return crossChecks.reduce(
    (s, check) =>
      s.refine((c) => check.holds(c as Checked), {
        message: check.message,
        ...(check.path ? { path: [check.path] } : {}),
        when: (p: Payload) => !p.issues.some((i) => check.keys.includes(i.path?.[0] as keyof Checked)),
      }),
    schema,
  );
}

/** A schema of the platform's variables and the service's own (`shape`): what a ServiceDefinition's `config` is. */
export function serviceConfig<T extends z.ZodRawShape>(shape: T) {
  return withCrossChecks(z.object({ ...platformSettings, ...shape }));
}

/** The configuration of a service with no variables of its own. */
export const platformConfig = serviceConfig({});
export type PlatformConfig = z.output<typeof platformConfig>;

/** The Kafka part alone, for a client made outside a service (a tool, a test). */
export const kafkaConfig = withCrossChecks(z.object(kafkaSettings));
export type KafkaConfig = z.output<typeof kafkaConfig>;

/** The database part alone, for a command line. */
export const databaseConfig = z.object(databaseSettings);

/** The environment's database address (a tool's or a command line's; a service has it in its config). */
export function databaseUrl(): string {
  return loadConfig(databaseConfig).DATABASE_URL;
}
