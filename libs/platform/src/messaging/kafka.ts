import { Kafka, logLevel, LogEntry, Admin, SASLOptions } from 'kafkajs';
import './kafkajs-idle-fix';
import { log } from '../observability/logger';
import { loadConfig } from '../config/config';
import { KafkaConfig, kafkaConfig } from '../config/platform.config';

// kafkajs logs at ERROR every error response it then retries (a rebalance, a leader
// moving); what really fails reaches us as a thrown error, which we log ourselves.
const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'warn',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

// Noise that says nothing about our use: we pick the partitioner and retry policy on purpose.
const QUIET = [/switched default partitioner/, /Limiting retries for the idempotent producer/];

export interface KafkaConnection {
  brokers: string[];
  sasl?: SASLOptions;
}

/**
 * Where the brokers are and how the client authenticates on a secured broker (docs/kafka.md,
 * "Secured mode"): KAFKA_BROKERS, and KAFKA_SASL_MECHANISM (scram-sha-512 or scram-sha-256),
 * KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD. None of the three: no authentication (the local
 * broker of tools/kafka); the configuration refuses some of them without the others.
 */
export function kafkaConnection(c: KafkaConfig): KafkaConnection {
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = c;
  return { brokers: c.KAFKA_BROKERS, ...(mechanism && username && password ? { sasl: { mechanism, username, password } } : {}) };
}

/** A client: a service's from its configuration; a tool's or a test's by default from the environment (through the schema). */
export function createKafka(clientId: string, { brokers, sasl }: KafkaConnection = kafkaConnection(loadConfig(kafkaConfig))): Kafka {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';
  return new Kafka({
    clientId,
    brokers,
    sasl,
    connectionTimeout: 3000,
    retry: { initialRetryTime: 100, retries: 8 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, label, log: entry }: LogEntry) => {
        const { message, ...rest } = entry;
        if (QUIET.some((q) => q.test(message))) return;
        log[levels[level] ?? 'info'](`kafka ${label}: ${message}`, { kafka: rest });
      },
  });
}

/**
 * Services create their topics explicitly (the broker does not auto-create them): the missing
 * ones, with `numPartitions` partitions and `replicationFactor` copies (KAFKA_TOPIC_PARTITIONS,
 * KAFKA_TOPIC_REPLICATION_FACTOR); a topic that exists keeps what it has.
 */
export async function ensureTopics(kafka: Kafka, topics: string[], numPartitions = 3, replicationFactor = 1): Promise<void> {
  if (topics.length === 0) return;
  const admin: Admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({ topic, numPartitions, replicationFactor })),
    });
  } catch (e) {
    const type = (e as { type?: string }).type;
    // a sibling service may have created the same topic a moment ago
    if (type === 'TOPIC_ALREADY_EXISTS') return;
    // created, but the broker's metadata does not have them yet: kafkajs waits for their leaders
    // only past that point (seen on a freshly started KRaft broker, under load)
    if (type !== 'UNKNOWN_TOPIC_OR_PARTITION') throw e;
    await untilKnown(admin, topics);
  } finally {
    await admin.disconnect();
  }
}

async function untilKnown(admin: Admin, topics: string[], timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await admin.fetchTopicMetadata({ topics });
      return;
    } catch (e) {
      if ((e as { type?: string }).type !== 'UNKNOWN_TOPIC_OR_PARTITION' || Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * One admin connection, kept between uses (a new connection per probe or sample costs more than
 * the request); a failed use drops it, and the next use connects again.
 */
export function keptAdmin(kafka: Kafka): { use<T>(fn: (admin: Admin) => Promise<T>): Promise<T>; close(): Promise<void> } {
  let admin: Promise<Admin> | null = null;
  const connect = async () => {
    const a = kafka.admin();
    await a.connect();
    return a;
  };
  const drop = async (failed: Promise<Admin>) => {
    if (admin === failed) admin = null;
    await failed.then((a) => a.disconnect()).catch(() => undefined);
  };
  return {
    async use(fn) {
      const current = (admin ??= connect());
      try {
        return await fn(await current);
      } catch (e) {
        await drop(current);
        throw e;
      }
    },
    async close() {
      if (admin) await drop(admin);
    },
  };
}

/** A health check that the cluster answers, on a kept admin connection. */
export function clusterAnswers(kafka: Kafka): { check: () => Promise<true>; close: () => Promise<void> } {
  const admin = keptAdmin(kafka);
  return {
    check: () => admin.use(async (a) => (await a.describeCluster(), true as const)),
    close: () => admin.close(),
  };
}
