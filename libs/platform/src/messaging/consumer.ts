import { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { DataSource, EntityManager } from 'typeorm';
import { deadLetterTopic, Envelope, validateMessage } from '@fd/contracts';
import { correlation, log } from '../observability/logger';
import { MetricsRegistry } from '../observability/metrics';
import { DomainError } from '@fd/kernel';
import { Problem } from '../http/problem';
import { kafkaErrorType, sleep } from './relay';
import { keptAdmin } from './kafka';
import { withBeforeCommit } from '../db/before-commit';
import { inMall, mallOf } from '../tenancy/mall';
import { defaultsOf } from '../config/config';
import { consumerSettings } from '../config/platform.config';

export interface Delivery {
  topic: string;
  partition: number;
  offset: string;
}

/** Runs inside the transaction that also records the message id: its effect and the inbox row commit together. */
export type EventHandler = (m: EntityManager, envelope: Envelope, delivery: Delivery) => Promise<void>;

export interface ConsumerOptions {
  ds: DataSource;
  schema: string;
  kafka: Kafka;
  groupId: string;
  topics: string[];
  /** The event types this consumer acts on; others on the same topics are passed over. */
  handles: (type: string) => boolean;
  handle: EventHandler;
  maxAttempts?: number;
  metrics?: MetricsRegistry;
  /** The group session: a member the broker does not hear from this long is removed (KAFKA_SESSION_TIMEOUT_MS). */
  sessionTimeoutMs?: number;
  /** Lag that has not shrunk for this long makes the consumer not ready (CONSUMER_STALL_MS). */
  stallMs?: number;
  /** Not a member for this long, while the broker answers, makes the process not live (CONSUMER_DEAD_MS). */
  deadMs?: number;
  /**
   * Inbox rows older than this are deleted (INBOX_RETENTION_DAYS, default 14): longer than any
   * copy of a message can come back from Kafka (docs/operations.md, "Events, outbox and dead letters").
   */
  inboxRetentionDays?: number;
  /** How often the inbox is purged (default once an hour; the first purge comes a few seconds after start). */
  inboxPurgeEveryMs?: number;
}

/** What the health checks and the operators see of a consumer. */
export interface ConsumerState {
  groupId: string;
  member: boolean;
  /** Since when it is (or is not) a member, ms since the epoch. */
  since: number;
  lag: number | null;
  /** The lag has been above zero without progress since then, ms since the epoch. */
  stalledSince: number | null;
  restarts: number;
  lastError?: string;
}

/** At most this many messages share one database transaction. */
const MESSAGES_PER_TRANSACTION = 100;

/** The inbox purge deletes this many rows per statement, each its own short transaction, with a pause between. */
const INBOX_PURGE_BATCH = 1000;
const INBOX_PURGE_PAUSE_MS = 100;

/** An error that will not go away by retrying (a bad payload, a refused command): straight to the dead letters. */
export class PoisonMessage extends Error {}

function isInfrastructureError(e: unknown): boolean {
  const code = (e as { code?: string }).code ?? '';
  const name = (e as { name?: string }).name ?? '';
  return (
    /^(08|57P|53)/.test(code) || // PostgreSQL connection, shutdown, resources
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(code) ||
    name.startsWith('KafkaJS') ||
    /Connection terminated|connection timeout/i.test(String(e))
  );
}

/**
 * At-least-once delivery, exactly-once processing: each message's id goes into the inbox
 * in the same transaction as the handler's effect, so a redelivery changes nothing.
 * Offsets are committed only after that transaction. A message that fails validation,
 * or keeps failing, goes to `<topic>.dlq` with the reason, and the consumer goes on.
 * Infrastructure failures are not the message's fault: the consumer stops and resumes
 * from the last committed offset instead of dead-lettering.
 *
 * It also never dies silently (docs/architecture.md, "Consumers never die silently"): heartbeats go
 * on while a chunk is handled; an offset commit refused after a rebalance only means the
 * messages come again; and a kafkajs consumer that crashed without restarting, or stopped
 * being a member of its group, is replaced by a new one, with backoff, logged and counted.
 */
export class IdempotentConsumer {
  private consumer: Consumer | null = null;
  private producer: Producer;
  private readonly admin: ReturnType<typeof keptAdmin>;
  /** The last lag sample (every 5 s): for readiness and the `consumer_lag` gauge. */
  private lagByTopic: Array<[string, number]> = [];
  private running = false;
  private replacing: Promise<void> | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private watching: Promise<void> | null = null;
  private purging: Promise<void> | null = null;
  private inboxPurgedAt = 0;
  private readonly maxAttempts: number;
  private readonly sessionTimeoutMs: number;
  private readonly stallMs: number;
  private readonly deadMs: number;
  private readonly inboxRetentionDays: number;
  private readonly inboxPurgeEveryMs: number;
  private readonly processed;
  private readonly deadLettered;
  private readonly latency;
  private readonly restartsTotal;
  private readonly commitsRefused;
  private readonly inboxPurged;
  private readonly state: ConsumerState;
  private lastHeartbeatAt = 0;
  private brokerAnsweredAt = 0;
  private lastCommitted = -1;
  private failuresInARow = 0;
  private commitsRefusedSince: number | null = null;

  constructor(private readonly opts: ConsumerOptions) {
    this.maxAttempts = opts.maxAttempts ?? 5;
    // a service gives its configuration's (KafkaEventTransport); a tool or a test, what it needs or the defaults
    const defaults = defaultsOf(consumerSettings);
    this.sessionTimeoutMs = opts.sessionTimeoutMs ?? defaults.KAFKA_SESSION_TIMEOUT_MS;
    this.stallMs = opts.stallMs ?? defaults.CONSUMER_STALL_MS;
    this.deadMs = opts.deadMs ?? defaults.CONSUMER_DEAD_MS;
    this.inboxRetentionDays = opts.inboxRetentionDays ?? defaults.INBOX_RETENTION_DAYS;
    this.inboxPurgeEveryMs = opts.inboxPurgeEveryMs ?? 3600000;
    this.state = { groupId: opts.groupId, member: false, since: Date.now(), lag: null, stalledSince: null, restarts: 0 };
    this.producer = opts.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    const m = opts.metrics ?? new MetricsRegistry();
    this.processed = m.counter('consumer_messages_total', 'Messages handled, by result', ['result', 'type']);
    this.deadLettered = m.counter('consumer_dead_letters_total', 'Messages sent to a dead-letter topic', ['topic']);
    this.latency = m.histogram('consumer_handler_seconds', 'Time to handle one message, transaction included', ['type']);
    this.restartsTotal = m.counter('consumer_restarts_total', 'Kafka consumers replaced after a crash or eviction, by reason', ['reason']);
    this.commitsRefused = m.counter(
      'consumer_commits_refused_total',
      'Offset commits refused (after a rebalance: the messages come again)',
      ['reason'],
    );
    this.inboxPurged = m.counter('consumer_inbox_purged_total', 'Inbox rows deleted for being older than INBOX_RETENTION_DAYS');
    this.admin = keptAdmin(opts.kafka);
    m.gauge('consumer_lag', 'Messages on the topic not yet committed by this group (sampled every 5 s)', ['topic'], async () =>
      this.lagByTopic.map(([topic, n]) => [{ topic }, n]),
    );
    m.gauge('consumer_member', '1 while this consumer is a member of its group', ['group'], async () => [
      [{ group: opts.groupId }, this.isMember() ? 1 : 0],
    ]);
  }

  /**
   * Connects and starts joining the group, without waiting for the join: after a `kill -9` the
   * broker keeps the dead member until its session ends, and the service should serve HTTP
   * meanwhile (it is not ready until the consumer is a member). A start that fails is retried
   * like a crash.
   */
  async start(): Promise<void> {
    this.running = true;
    await this.producer.connect();
    this.launch(null, 0);
    this.watchdog = setInterval(() => {
      this.watching ??= this.watch().finally(() => (this.watching = null));
      if (!this.purging && Date.now() - this.inboxPurgedAt > this.inboxPurgeEveryMs) {
        this.inboxPurgedAt = Date.now();
        this.purging = this.purgeInbox()
          .then(() => undefined)
          .catch((e) => log.warn('inbox purge failed; trying again later', { groupId: this.opts.groupId, error: String(e) }))
          .finally(() => (this.purging = null));
      }
    }, 5000);
    this.watchdog.unref();
  }

  /** Resolves once the consumer is a member of its group (tests and tools; services do not wait). */
  async joined(timeoutMs = 60000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.isMember()) {
      if (Date.now() > deadline) throw new Error(`${this.opts.groupId}: not a member after ${timeoutMs} ms`);
      await sleep(50);
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.watchdog) clearInterval(this.watchdog);
    await this.watching;
    await this.purging;
    await this.replacing?.catch(() => undefined);
    await this.consumer?.disconnect().catch(() => undefined);
    await this.admin.close();
    await this.producer.disconnect();
  }

  /**
   * Deletes the inbox rows older than the retention, a small batch per statement (each its own
   * transaction, skipping rows another purge holds) with a pause between, until none is left or
   * the consumer stops: consumers go on inserting meanwhile, and wait on nothing of it. Returns
   * how many it deleted.
   */
  async purgeInbox(): Promise<number> {
    const { ds, schema, groupId } = this.opts;
    let purged = 0;
    for (;;) {
      const [, deleted]: [unknown, number] = await ds.query(
        `DELETE FROM "${schema}".inbox WHERE ctid = ANY(ARRAY(
           SELECT ctid FROM "${schema}".inbox WHERE processed_at < now() - make_interval(days => $1)
           LIMIT $2 FOR UPDATE SKIP LOCKED))`,
        [this.inboxRetentionDays, INBOX_PURGE_BATCH],
      );
      purged += deleted;
      if (deleted < INBOX_PURGE_BATCH || !this.running) break;
      await sleep(INBOX_PURGE_PAUSE_MS);
    }
    if (purged) {
      this.inboxPurged.inc({}, purged);
      log.info('inbox purged', { groupId, purged, olderThanDays: this.inboxRetentionDays });
    }
    return purged;
  }

  /** Member of its group, lag and restarts: for /health and the operators. */
  status(): ConsumerState {
    return { ...this.state, member: this.isMember() };
  }

  /** Ready: a member of its group whose lag is not stuck. */
  readiness(): true | string {
    if (!this.isMember()) return `not a member of ${this.opts.groupId} for ${secondsSince(this.state.since)} s`;
    if (this.state.stalledSince && Date.now() - this.state.stalledSince > this.stallMs)
      return `lag ${this.state.lag} has not shrunk for ${secondsSince(this.state.stalledSince)} s`;
    return true;
  }

  /** Live unless it has been out of its group for long while the broker answers: then only a new process helps. */
  liveness(): true | string {
    const out = !this.isMember() && Date.now() - this.state.since > this.deadMs;
    if (out && Date.now() - this.brokerAnsweredAt < 30000)
      return `not a member of ${this.opts.groupId} for ${secondsSince(this.state.since)} s although the broker answers`;
    return true;
  }

  private isMember(): boolean {
    return this.state.member && Date.now() - this.lastHeartbeatAt < this.sessionTimeoutMs;
  }

  private setMember(member: boolean) {
    if (this.state.member !== member) this.state.since = Date.now();
    this.state.member = member;
    if (member) this.lastHeartbeatAt = Date.now();
  }

  private async startConsumer(): Promise<void> {
    const consumer = this.opts.kafka.consumer({
      groupId: this.opts.groupId,
      sessionTimeout: this.sessionTimeoutMs,
      rebalanceTimeout: Math.max(60000, this.sessionTimeoutMs * 2),
      heartbeatInterval: Math.max(500, Math.floor(this.sessionTimeoutMs / 10)),
      // The broker answers a fetch as soon as a message is there (minBytes 1): a long wait costs no
      // latency, and an idle consumer asks once a second instead of ten times (docs/benchmarks.md).
      maxWaitTimeInMs: 1000,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    const { GROUP_JOIN, HEARTBEAT, REBALANCING, CRASH, STOP, COMMIT_OFFSETS } = consumer.events;
    consumer.on(GROUP_JOIN, () => {
      if (this.consumer !== consumer) return;
      this.setMember(true);
      this.commitsRefusedSince = null; // a new generation: its commits are its own
      log.info('consumer joined its group', { groupId: this.opts.groupId });
    });
    consumer.on(HEARTBEAT, () => {
      if (this.consumer === consumer) this.lastHeartbeatAt = Date.now();
    });
    consumer.on(COMMIT_OFFSETS, () => {
      if (this.consumer === consumer) this.lastHeartbeatAt = Date.now();
    });
    consumer.on(REBALANCING, () => {
      if (this.consumer === consumer) this.setMember(false);
    });
    consumer.on(STOP, () => {
      if (this.consumer === consumer) this.setMember(false);
    });
    consumer.on(CRASH, ({ payload }) => {
      if (this.consumer !== consumer) return;
      this.setMember(false);
      this.state.lastError = String(payload.error);
      // kafkajs restarts by itself after a retriable error; after any other it stays dead.
      if (!payload.restart) this.replace(`crashed: ${String(payload.error)}`);
      else log.warn('consumer crashed; kafkajs restarts it', { groupId: this.opts.groupId, error: String(payload.error) });
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: this.opts.topics, fromBeginning: true });
      await this.run(consumer);
    } catch (e) {
      if (this.consumer === consumer) this.consumer = null;
      await consumer.disconnect().catch(() => undefined);
      throw e;
    }
  }

  private async run(consumer: Consumer): Promise<void> {
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        // Heartbeats go on while a chunk is in its transaction: a slow chunk on a busy machine
        // must not look like a dead member. A rebalance seen here ends the batch after the chunk.
        let rebalancing = false;
        const beat = setInterval(() => {
          heartbeat().catch((e) => {
            rebalancing = true;
            log.warn('heartbeat refused during a chunk; ending the batch', { groupId: this.opts.groupId, error: String(e) });
          });
        }, 1000);
        try {
          for (let i = 0; i < batch.messages.length; i += MESSAGES_PER_TRANSACTION) {
            if (!isRunning() || isStale() || rebalancing) break;
            const chunk = batch.messages.slice(i, i + MESSAGES_PER_TRANSACTION);
            await this.processChunk(batch.topic, batch.partition, chunk);
            const last = chunk[chunk.length - 1].offset;
            resolveOffset(last);
            if (!(await this.commit(consumer, batch.topic, batch.partition, last))) break;
          }
        } finally {
          clearInterval(beat);
        }
        if (!rebalancing) await heartbeat();
      },
    });
  }

  /**
   * Commits after the chunk's transaction. A refusal (the group moved on after a rebalance or
   * an eviction) is not fatal: the chunk's messages come again and the inbox drops them.
   */
  private async commit(consumer: Consumer, topic: string, partition: number, last: string): Promise<boolean> {
    try {
      await consumer.commitOffsets([{ topic, partition, offset: (BigInt(last) + 1n).toString() }]);
      this.commitsRefusedSince = null;
      return true;
    } catch (e) {
      this.commitsRefusedSince ??= Date.now();
      this.commitsRefused.inc({ reason: kafkaErrorType(e) ?? 'error' });
      log.warn('offset commit refused; the messages will come again and the inbox drops them', {
        groupId: this.opts.groupId,
        topic,
        partition,
        error: String(e),
      });
      // The runner rejoins the group on the next fetch's heartbeat; the watchdog replaces it if not.
      if (kafkaErrorType(e) === 'UNKNOWN_MEMBER_ID') this.setMember(false);
      return false;
    }
  }

  /**
   * Replaces the kafkajs consumer by a new one, with backoff (1 s doubling to 30 s while the
   * replacements keep failing). The inbox makes the redelivered messages harmless.
   */
  private replace(reason: string): void {
    if (!this.running || this.replacing) return;
    this.state.restarts++;
    this.restartsTotal.inc({ reason: reason.split(':')[0] });
    const backoffMs = Math.min(30000, 1000 * 2 ** this.failuresInARow);
    log.error('consumer replaced', { groupId: this.opts.groupId, reason, backoffMs, restarts: this.state.restarts });
    const old = this.consumer;
    this.consumer = null;
    this.setMember(false);
    this.launch(old, backoffMs);
  }

  /** Starts a new kafkajs consumer (after disconnecting `old` and waiting `delayMs`); a failure is replaced again. */
  private launch(old: Consumer | null, delayMs: number): void {
    this.replacing = (async () => {
      await old?.disconnect().catch(() => undefined);
      if (delayMs) await sleep(delayMs);
      if (!this.running) return;
      try {
        await this.startConsumer();
        this.failuresInARow = 0;
      } catch (e) {
        this.failuresInARow++;
        this.state.lastError = String(e);
        log.warn('consumer could not start; will retry', { groupId: this.opts.groupId, error: String(e) });
      }
    })().finally(() => {
      this.replacing = null;
      if (this.running && !this.consumer) this.replace('start failed');
    });
  }

  /** Every few seconds: lag and progress for readiness, and a consumer out of its group too long is replaced. */
  private async watch(): Promise<void> {
    if (!this.running) return;
    try {
      const { perTopic, total, committed } = await this.readLag();
      this.brokerAnsweredAt = Date.now();
      this.lagByTopic = perTopic;
      this.state.lag = total;
      const progressed = committed > this.lastCommitted;
      this.lastCommitted = committed;
      if (total === 0 || progressed) this.state.stalledSince = null;
      else this.state.stalledSince ??= Date.now();
    } catch (e) {
      this.state.lastError = String(e);
    }
    // Commits refused for a whole session while messages are handled (seen after a broker restart:
    // "Consumer group was not initialized" on every commit): the lag would grow for good.
    if (
      !this.replacing &&
      this.commitsRefusedSince &&
      (this.state.lag ?? 0) > 0 &&
      Date.now() - this.commitsRefusedSince > this.sessionTimeoutMs
    ) {
      const since = this.commitsRefusedSince;
      this.commitsRefusedSince = null;
      return this.replace(`commits refused: for ${secondsSince(since)} s`);
    }
    // kafkajs rejoins by itself after an ordinary rebalance; give it two sessions before stepping in.
    if (!this.replacing && !this.isMember() && Date.now() - Math.max(this.state.since, this.lastHeartbeatAt) > 2 * this.sessionTimeoutMs)
      this.replace(`not a member: for ${secondsSince(this.state.since)} s`);
  }

  /** Lag per topic, its total, and the sum of committed offsets (to see progress). One admin connection, kept. */
  private async readLag(): Promise<{ perTopic: Array<[string, number]>; total: number; committed: number }> {
    return this.admin.use(async (admin) => {
      const perTopic: Array<[string, number]> = [];
      let total = 0;
      let committedSum = 0;
      for (const t of await admin.fetchOffsets({ groupId: this.opts.groupId, topics: this.opts.topics })) {
        const ends = await admin.fetchTopicOffsets(t.topic);
        let lag = 0;
        for (const p of t.partitions) {
          const end = Number(ends.find((e) => e.partition === p.partition)?.high ?? 0);
          const at = Number(p.offset) < 0 ? 0 : Number(p.offset);
          lag += Math.max(0, end - at);
          committedSum += at;
        }
        perTopic.push([t.topic, lag]);
        total += lag;
      }
      return { perTopic, total, committed: committedSum };
    });
  }

  /**
   * The messages of a fetched chunk share one transaction (one inbox insert, one commit),
   * which is where most of a message's cost went (docs/benchmarks.md). If anything in the
   * chunk fails, the whole transaction rolls back and the chunk is handled again one message
   * per transaction, with retries and dead letters for the message at fault.
   */
  private async processChunk(topic: string, partition: number, messages: KafkaMessage[]): Promise<void> {
    const todo: Array<{ delivery: Delivery; message: KafkaMessage; envelope: Envelope }> = [];
    for (const message of messages) {
      const delivery = { topic, partition, offset: message.offset };
      const checked = validateMessage(message.value, topic);
      if (!checked.ok) await this.deadLetter(delivery, message, checked.reason);
      else if (!this.opts.handles(checked.envelope.type)) this.processed.inc({ type: checked.envelope.type, result: 'ignored' });
      else todo.push({ delivery, message, envelope: checked.envelope });
    }
    // One transaction per mall of the chunk: a transaction's work, and what it defers to its commit
    // (a month's score), is then all of one mall. A mall's messages keep their order; two malls'
    // are about different streams, whose order between them means nothing.
    for (const ofOneMall of byMall(todo)) await this.processTogether(topic, partition, ofOneMall);
  }

  private async processTogether(
    topic: string,
    partition: number,
    todo: Array<{ delivery: Delivery; message: KafkaMessage; envelope: Envelope }>,
  ): Promise<void> {
    if (todo.length > 1) {
      const started = process.hrtime.bigint();
      try {
        const handled = await this.handleTogether(todo);
        const seconds = Number(process.hrtime.bigint() - started) / 1e9 / todo.length;
        for (const t of todo) {
          this.latency.observe({ type: t.envelope.type }, seconds);
          this.processed.inc({ type: t.envelope.type, result: handled.has(t) ? 'handled' : 'duplicate' });
        }
        return;
      } catch (e) {
        if (isInfrastructureError(e)) throw e; // kafkajs restarts the consumer from the committed offset
        log.warn('a chunk failed; handling its messages one by one', { topic, partition, error: String(e) });
      }
    }
    for (const t of todo) await this.process(t.delivery, t.message, t.envelope);
  }

  /** Handles a chunk in one transaction; returns the entries that were new (not in the inbox before). */
  private async handleTogether<T extends { delivery: Delivery; envelope: Envelope }>(todo: T[]): Promise<Set<T>> {
    const { ds, schema, groupId } = this.opts;
    // the messages are of one mall (byMall): the transaction's connection is set to it
    return inMall(mallOf(todo[0].envelope), () =>
      ds.transaction(async (m) => {
        const fresh: Array<{ message_id: string }> = await m.query(
          `INSERT INTO "${schema}".inbox (consumer, message_id, topic, kafka_partition, kafka_offset)
         SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::int[], $5::bigint[])
         ON CONFLICT DO NOTHING RETURNING message_id`,
          [
            groupId,
            todo.map((t) => t.envelope.id),
            todo.map((t) => t.delivery.topic),
            todo.map((t) => t.delivery.partition),
            todo.map((t) => t.delivery.offset),
          ],
        );
        const isNew = new Set(fresh.map((r) => r.message_id));
        const handled = new Set<T>();
        await withBeforeCommit(m, async () => {
          for (const t of todo) {
            if (!isNew.delete(t.envelope.id)) continue; // already processed, or twice in this chunk
            await correlation.run({ correlationId: t.envelope.correlationId }, () => this.opts.handle(m, t.envelope, t.delivery));
            handled.add(t);
          }
        });
        return handled;
      }),
    );
  }

  private async process(delivery: Delivery, message: KafkaMessage, envelope: Envelope): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const started = process.hrtime.bigint();
      try {
        const done = await inMall(mallOf(envelope), () =>
          correlation.run({ correlationId: envelope.correlationId }, () => this.handleOnce(delivery, envelope)),
        );
        this.latency.observe({ type: envelope.type }, Number(process.hrtime.bigint() - started) / 1e9);
        this.processed.inc({ type: envelope.type, result: done ? 'handled' : 'duplicate' });
        return;
      } catch (e) {
        if (isInfrastructureError(e)) throw e; // kafkajs restarts the consumer from the committed offset
        const poison = e instanceof PoisonMessage || e instanceof DomainError || e instanceof Problem || (e as Error)?.name === 'ZodError';
        if (poison || attempt >= this.maxAttempts)
          return this.deadLetter(delivery, message, `${(e as Error)?.name}: ${(e as Error)?.message}`);
        log.warn('handler failed; retrying', { type: envelope.type, attempt, error: String(e) });
        await sleep(50 * 2 ** attempt);
      }
    }
  }

  /** Returns false when the message had already been processed. */
  private async handleOnce(delivery: Delivery, envelope: Envelope): Promise<boolean> {
    const { ds, schema, groupId } = this.opts;
    return ds.transaction(async (m) => {
      const inserted: unknown[] = await m.query(
        `INSERT INTO "${schema}".inbox (consumer, message_id, topic, kafka_partition, kafka_offset)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING message_id`,
        [groupId, envelope.id, delivery.topic, delivery.partition, delivery.offset],
      );
      if (inserted.length === 0) return false;
      await withBeforeCommit(m, () => this.opts.handle(m, envelope, delivery));
      return true;
    });
  }

  private async deadLetter(delivery: Delivery, message: KafkaMessage, reason: string): Promise<void> {
    log.error('message sent to dead letters', { ...delivery, reason });
    this.deadLettered.inc({ topic: delivery.topic });
    await this.producer.send({
      topic: deadLetterTopic(delivery.topic),
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...(message.headers ?? {}),
            'dlq-reason': reason.slice(0, 2000),
            'dlq-consumer': this.opts.groupId,
            'dlq-source': `${delivery.topic}/${delivery.partition}/${delivery.offset}`,
          },
        },
      ],
    });
  }
}

const secondsSince = (t: number) => Math.round((Date.now() - t) / 1000);

/** A chunk's messages by mall, each mall's in their order, the malls in the order they first come. */
function byMall<T extends { envelope: Envelope }>(todo: T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const t of todo) {
    const mall = mallOf(t.envelope);
    const group = groups.get(mall);
    if (group) group.push(t);
    else groups.set(mall, [t]);
  }
  return [...groups.values()];
}
