import { Kafka, Producer, CompressionTypes } from 'kafkajs';
import { DataSource, QueryRunner } from 'typeorm';
import { connectionConfigOf, notifyChannel, PgListener } from '../db/pg-listener';
import { log } from '../observability/logger';
import { defaultsOf } from '../config/config';
import { outboxSettings } from '../config/platform.config';
import { MetricsRegistry } from '../observability/metrics';

export interface RelayOptions {
  ds: DataSource;
  schema: string;
  kafka: Kafka;
  batchSize?: number;
  /**
   * The relay wakes when an outbox row commits (LISTEN on `<schema>.outbox`); besides, it looks
   * at the table this often, in case a notification was lost. A service's is OUTBOX_POLL_MS; else 1000.
   */
  fallbackPollMs?: number;
  /** health() says not ok once publishing has failed for this long. A service's is OUTBOX_UNHEALTHY_AFTER_MS; else 30000. */
  unhealthyAfterMs?: number;
  /** A row the broker has refused this many times is parked. A service's is OUTBOX_MAX_ATTEMPTS; else 20. */
  maxAttempts?: number;
  metrics?: MetricsRegistry;
  /** Prepended to every topic name (KAFKA_TOPIC_PREFIX for a service). */
  topicPrefix?: string;
}

interface OutboxRow {
  id: string;
  topic: string;
  key: string;
  value: { id: string; type: string; version: number };
  attempts: number;
}

/** A parked row, for /health and the operators' command. */
export interface ParkedRow {
  id: string;
  messageId: string;
  topic: string;
  key: string;
  type: string;
  attempts: number;
  parkedAt: string;
  lastError: string | null;
  /** Later rows of its key, which wait behind it. */
  heldBack: number;
}

/**
 * The broker's answers about a message or its topic rather than about the broker or the cluster:
 * retrying the same row will most likely meet them again (too large for the topic, a topic that
 * does not exist or that this service may not write). Anything else (a broker that does not
 * answer, a leader election) is the relay's trouble, not the row's: it never counts against one.
 */
const REFUSALS = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'CORRUPT_MESSAGE',
  'INVALID_TIMESTAMP',
  'POLICY_VIOLATION',
  'UNKNOWN_TOPIC_OR_PARTITION',
  'INVALID_TOPIC_EXCEPTION',
  'TOPIC_AUTHORIZATION_FAILED',
]);
/** Refusals of the whole topic: the other rows for it in the same pass are refused with it, not tried one by one. */
const TOPIC_REFUSALS = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'INVALID_TOPIC_EXCEPTION', 'TOPIC_AUTHORIZATION_FAILED']);

/** The Kafka error type of an error or of what caused it (kafkajs wraps the broker's answer). */
export function kafkaErrorType(e: unknown): string | undefined {
  for (let c = e as { type?: string; cause?: unknown } | undefined; c; c = c.cause as typeof c) if (c.type) return c.type;
  return undefined;
}

const refusedByBroker = (e: unknown) => REFUSALS.has(kafkaErrorType(e) ?? '');

/** The backoff before a refused row is tried again: 100 ms, doubling, at most 5 s (the relay's own when it fails). */
const retryDelayMs = (attempts: number) => Math.min(100 * 2 ** (attempts - 1), 5000);

/**
 * Publishes outbox rows to Kafka and marks them sent. Rows are split into lanes by key;
 * a relay works a lane only while it holds that lane's transaction-scoped advisory lock,
 * so several relays can run at once without double-claiming a row or reordering a
 * stream. A relay killed at any moment leaves its rows unsent (its transaction never
 * committed); the next relay publishes them again, and consumers drop the duplicates.
 *
 * It does not poll fast: a trigger on the outbox NOTIFYs `<schema>.outbox` when rows commit
 * (outbox-notify.migration.ts), and the relay LISTENs on a connection of its own. It then
 * passes over the lanes until a pass publishes nothing, so a backlog drains without pauses.
 * A slow poll (fallbackPollMs) covers what a notification cannot: a row another relay left
 * behind when it was killed, a notification sent while the LISTEN connection was down.
 *
 * A row the broker refuses (REFUSALS) is tried again with a backoff (`retry_at`), and after
 * `maxAttempts` refusals it is parked (`parked_at`): no longer tried until an operator releases
 * it (outbox-cli.ts). Until then, and while it waits for its retry, the later rows of its key
 * wait behind it, so a stream is never published out of order; the rows of other keys go on.
 * Parked rows are logged, counted per topic (`outbox_parked`, `outbox_held_back`) and listed in
 * the details of /health.
 */
export class OutboxRelay {
  private producer: Producer;
  private running = false;
  private loop: Promise<void> | null = null;
  private readonly batchSize: number;
  private readonly fallbackPollMs: number;
  private readonly unhealthyAfterMs: number;
  private readonly maxAttempts: number;
  private readonly published;
  private readonly failures;
  private readonly refusals;
  private readonly listener: PgListener;
  /** Set by a notification; a pass clears it first, so one arriving during a pass is never lost. */
  private woken = false;
  private wake: (() => void) | null = null;
  private failingSince: number | null = null;
  private passStartedAt: number | null = null;
  private lastError = '';
  /** When the earliest row this relay refused may be tried again (the loop wakes for it). */
  private retryAt: number | null = null;
  private parked: ParkedRow[] = [];
  private parkedReadAt = 0;

  constructor(private readonly opts: RelayOptions) {
    this.batchSize = opts.batchSize ?? 500;
    // a service gives its configuration's (bootService); a tool or a test, what it needs or the defaults
    const defaults = defaultsOf(outboxSettings);
    this.fallbackPollMs = opts.fallbackPollMs ?? defaults.OUTBOX_POLL_MS;
    this.unhealthyAfterMs = opts.unhealthyAfterMs ?? defaults.OUTBOX_UNHEALTHY_AFTER_MS;
    this.maxAttempts = opts.maxAttempts ?? defaults.OUTBOX_MAX_ATTEMPTS;
    this.producer = opts.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    const m = opts.metrics ?? new MetricsRegistry();
    this.published = m.counter('outbox_published_total', 'Outbox messages published to Kafka');
    this.failures = m.counter('outbox_publish_failures_total', 'Failed attempts to publish an outbox batch');
    this.refusals = m.counter(
      'outbox_refused_total',
      'Outbox messages the broker refused, each attempt, by topic (parked after OUTBOX_MAX_ATTEMPTS)',
      ['topic'],
    );
    m.gauge('outbox_backlog', 'Outbox messages not yet published', [], async () => {
      const r = await opts.ds.query(`SELECT count(*)::int AS n FROM "${opts.schema}".outbox WHERE sent_at IS NULL`);
      return [[{}, r[0].n]];
    });
    m.gauge(
      'outbox_parked',
      'Outbox messages parked after OUTBOX_MAX_ATTEMPTS refusals, by topic: they wait for an operator',
      ['topic'],
      async () =>
        (
          await opts.ds.query(
            `SELECT topic, count(*)::int AS n FROM "${opts.schema}".outbox WHERE sent_at IS NULL AND parked_at IS NOT NULL GROUP BY topic`,
          )
        ).map((r: { topic: string; n: number }) => [{ topic: r.topic }, r.n]),
    );
    m.gauge('outbox_held_back', 'Outbox messages waiting behind a parked message of their key, by topic', ['topic'], async () =>
      (
        await opts.ds.query(
          `SELECT o.topic, count(*)::int AS n FROM "${opts.schema}".outbox o
           WHERE o.sent_at IS NULL AND o.parked_at IS NULL AND EXISTS (
             SELECT 1 FROM "${opts.schema}".outbox p
             WHERE p.lane = o.lane AND p.key = o.key AND p.sent_at IS NULL AND p.parked_at IS NOT NULL AND p.id < o.id)
           GROUP BY o.topic`,
        )
      ).map((r: { topic: string; n: number }) => [{ topic: r.topic }, r.n]),
    );
    m.gauge('outbox_relay_listening', 'Whether the relay is LISTENing for new outbox rows (else it only polls)', [], async () => [
      [{}, this.listener.listening ? 1 : 0],
    ]);
    this.listener = new PgListener({
      name: `outbox ${opts.schema}`,
      config: connectionConfigOf(opts.ds),
      channels: [notifyChannel(opts.schema, 'outbox')],
      onNotify: () => this.poke(),
      onListening: () => this.poke(), // rows may have committed while nobody listened
    });
  }

  async start(): Promise<void> {
    await this.producer.connect();
    await this.listener.start();
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.poke();
    await this.loop;
    await this.listener.stop();
    await this.producer.disconnect();
  }

  /** Whether the LISTEN connection is up (if not, new rows wait for the fallback poll). */
  get listening(): boolean {
    return this.listener.listening;
  }

  /**
   * For readiness: not ok once every attempt to publish has failed for longer than
   * `unhealthyAfterMs` (rows are waiting, or the outbox cannot even be read), or one pass has
   * been under way that long (kafkajs retrying a broker that does not answer). A relay that
   * has nothing to do is healthy; so is one that only lost its LISTEN connection (it polls).
   */
  health(): { ok: boolean; detail?: string } {
    const stuck = this.passStartedAt === null ? 0 : Date.now() - this.passStartedAt;
    if (stuck > this.unhealthyAfterMs)
      return { ok: false, detail: `the outbox relay has been trying to publish for ${Math.round(stuck / 1000)} s` };
    if (this.failingSince !== null) {
      const s = Math.round((Date.now() - this.failingSince) / 1000);
      if (Date.now() - this.failingSince > this.unhealthyAfterMs)
        return { ok: false, detail: `the outbox relay has not published for ${s} s: ${this.lastError}` };
      return { ok: true, detail: `publishing has failed for ${s} s (retrying): ${this.lastError}` };
    }
    return this.listener.listening ? { ok: true } : { ok: true, detail: `not listening (${this.listener.error}); polling the outbox` };
  }

  /**
   * The parked rows, as last read (every few seconds while the relay runs), for the details of
   * /health. They do not make the service unready: one message the broker refuses must not take
   * the service's API out of service; `outbox_parked` is what to alert on.
   */
  details(): { parked: ParkedRow[] } {
    return { parked: this.parked };
  }

  /** Reads the parked rows (at most 20, oldest first) with how many rows of their key wait behind each. */
  async readParked(): Promise<ParkedRow[]> {
    const { ds, schema } = this.opts;
    const rows = await ds.query(
      `SELECT p.id, p.message_id, p.topic, p.key, p.value->>'type' AS type, p.attempts, p.parked_at, p.last_error,
              (SELECT count(*)::int FROM "${schema}".outbox o
               WHERE o.lane = p.lane AND o.key = p.key AND o.sent_at IS NULL AND o.id > p.id) AS held_back
       FROM "${schema}".outbox p WHERE p.sent_at IS NULL AND p.parked_at IS NOT NULL ORDER BY p.id LIMIT 20`,
    );
    this.parked = rows.map(
      (r: Record<string, unknown>): ParkedRow => ({
        id: String(r.id),
        messageId: String(r.message_id),
        topic: String(r.topic),
        key: String(r.key),
        type: String(r.type),
        attempts: Number(r.attempts),
        parkedAt: new Date(r.parked_at as string).toISOString(),
        lastError: (r.last_error as string | null) ?? null,
        heldBack: Number(r.held_back),
      }),
    );
    this.parkedReadAt = Date.now();
    return this.parked;
  }

  private poke(): void {
    this.woken = true;
    this.wake?.();
  }

  /** Resolves on a notification (or stop), or after `ms`. */
  private idle(ms: number): Promise<void> {
    if (this.woken || !this.running) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private async run(): Promise<void> {
    let backoff = 0;
    let purgedAt = 0;
    while (this.running) {
      try {
        if (Date.now() - purgedAt > PURGE_EVERY_MS) {
          await this.purgeSent(SENT_RETENTION_MS);
          purgedAt = Date.now();
        }
        if (Date.now() - this.parkedReadAt > PARKED_READ_EVERY_MS) await this.readParked();
        this.woken = false;
        if (this.retryAt !== null && this.retryAt <= Date.now()) this.retryAt = null;
        this.passStartedAt = Date.now();
        const sent = await this.publishPending();
        this.passStartedAt = null;
        backoff = 0;
        this.failingSince = null;
        const retryIn = this.retryAt === null ? Infinity : Math.max(1, this.retryAt - Date.now());
        if (sent === 0) await this.idle(Math.min(this.fallbackPollMs, retryIn));
      } catch (e) {
        this.passStartedAt = null;
        this.failingSince ??= Date.now();
        this.lastError = String(e).slice(0, 300);
        backoff = Math.min(backoff ? backoff * 2 : 100, 5000);
        log.warn('outbox relay failed; retrying', { error: String(e), backoffMs: backoff });
        await sleep(backoff);
      }
    }
  }

  /**
   * Deletes rows published longer ago than `olderThanMs`: once on Kafka a row is only kept for
   * a while to explain what was sent; the events themselves stay in the event store.
   */
  async purgeSent(olderThanMs: number): Promise<number> {
    const { ds, schema } = this.opts;
    const [, count] = await ds.query(`DELETE FROM "${schema}".outbox WHERE sent_at < now() - make_interval(secs => $1)`, [
      olderThanMs / 1000,
    ]);
    return count;
  }

  /** One pass over every lane with pending rows. Returns how many messages it published. */
  async publishPending(): Promise<number> {
    const { ds, schema } = this.opts;
    const lanes: Array<{ lane: number }> = await ds.query(`SELECT DISTINCT lane FROM "${schema}".outbox WHERE sent_at IS NULL`);
    let sent = 0;
    for (const { lane } of lanes) sent += await this.publishLane(lane);
    return sent;
  }

  /**
   * Publishes a lane's pending rows in order, holding the lane's advisory lock. A row waiting for
   * its retry, or parked, holds back the later rows of its key (the NOT EXISTS): they are not
   * even read. When the broker refuses the batch, the rows are sent one at a time to find the one
   * at fault; see publishOneByOne.
   */
  private async publishLane(lane: number): Promise<number> {
    const { ds, schema } = this.opts;
    const qr = ds.createQueryRunner();
    await qr.connect();
    let rows: OutboxRow[] = [];
    try {
      await qr.startTransaction();
      const [{ locked }] = await qr.query('SELECT pg_try_advisory_xact_lock(hashtext($1), $2) AS locked', [`outbox:${schema}`, lane]);
      if (!locked) {
        await qr.rollbackTransaction();
        return 0;
      }
      rows = await qr.query(
        `SELECT o.id, o.topic, o.key, o.value, o.attempts FROM "${schema}".outbox o
         WHERE o.lane = $1 AND o.sent_at IS NULL AND NOT EXISTS (
           SELECT 1 FROM "${schema}".outbox h
           WHERE h.lane = $1 AND h.key = o.key AND h.sent_at IS NULL AND (h.parked_at IS NOT NULL OR h.retry_at > now()))
         ORDER BY o.id LIMIT $2`,
        [lane, this.batchSize],
      );
      if (rows.length === 0) {
        await qr.rollbackTransaction();
        return 0;
      }
      try {
        await this.send(rows);
      } catch (e) {
        if (!refusedByBroker(e)) throw e;
        return await this.publishOneByOne(qr, rows);
      }
      await this.markSent(qr, rows);
      await qr.commitTransaction();
      this.published.inc({}, rows.length);
      return rows.length;
    } catch (e) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      this.failures.inc();
      // not the rows' fault (the broker or the database): noted, but never counted against them
      if (rows.length)
        await ds
          .query(
            `UPDATE "${schema}".outbox SET last_error = $2 WHERE id = ANY($1::bigint[]) AND sent_at IS NULL AND retry_at IS NULL AND parked_at IS NULL`,
            [rows.map((r) => r.id), String(e).slice(0, 1000)],
          )
          .catch(() => undefined);
      throw e;
    } finally {
      await qr.release();
    }
  }

  /**
   * After the broker refused a batch: sends its rows one at a time, in order. A refused row
   * counts an attempt and waits for its retry (or is parked), and the later rows of its key in
   * this batch are skipped; the other keys' rows are published. What was published is marked
   * sent and committed even when the broker stops answering half-way (which is then thrown).
   */
  private async publishOneByOne(qr: QueryRunner, rows: OutboxRow[]): Promise<number> {
    const sent: OutboxRow[] = [];
    const heldKeys = new Set<string>();
    const refusedTopics = new Map<string, unknown>();
    let failure: unknown = null;
    for (const row of rows) {
      if (heldKeys.has(row.key)) continue;
      let refusal = refusedTopics.get(row.topic);
      if (refusal === undefined) {
        try {
          await this.send([row]);
          sent.push(row);
          continue;
        } catch (e) {
          if (!refusedByBroker(e)) {
            failure = e;
            break;
          }
          refusal = e;
          if (TOPIC_REFUSALS.has(kafkaErrorType(e) ?? '')) refusedTopics.set(row.topic, e);
        }
      }
      heldKeys.add(row.key);
      await this.refused(qr, row, refusal);
    }
    if (sent.length) await this.markSent(qr, sent);
    await qr.commitTransaction();
    this.published.inc({}, sent.length);
    if (failure) throw failure;
    return sent.length;
  }

  /** Counts a refusal against a row: it waits for its retry, or, at `maxAttempts`, it is parked. */
  private async refused(qr: QueryRunner, row: OutboxRow, error: unknown): Promise<void> {
    const { schema } = this.opts;
    const attempts = row.attempts + 1;
    const park = attempts >= this.maxAttempts;
    const delayMs = retryDelayMs(attempts);
    const reason = String(error).slice(0, 1000);
    await qr.query(
      `UPDATE "${schema}".outbox SET attempts = $2, last_error = $3,
         retry_at = CASE WHEN $4 THEN NULL ELSE now() + make_interval(secs => $5) END,
         parked_at = CASE WHEN $4 THEN now() END
       WHERE id = $1`,
      [row.id, attempts, reason, park, delayMs / 1000],
    );
    this.refusals.inc({ topic: row.topic });
    const what = { id: row.id, messageId: row.value.id, type: row.value.type, topic: row.topic, key: row.key, attempts, error: reason };
    if (park) {
      log.error('outbox message parked: the broker refused it too often; the later messages of its key wait behind it', {
        ...what,
        release: 'outbox-cli.js release (docs/operations.md, "Parked outbox messages")',
      });
      this.parkedReadAt = 0; // show it in /health at once
    } else {
      log.warn('the broker refused an outbox message; trying it again later', { ...what, retryInMs: delayMs });
      this.retryAt = Math.min(this.retryAt ?? Infinity, Date.now() + delayMs);
    }
  }

  private async send(rows: OutboxRow[]): Promise<void> {
    const byTopic = new Map<string, OutboxRow[]>();
    for (const r of rows) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r]);
    await this.producer.sendBatch({
      acks: -1,
      compression: CompressionTypes.None,
      topicMessages: [...byTopic].map(([topic, rs]) => ({
        topic: `${this.opts.topicPrefix ?? ''}${topic}`,
        messages: rs.map((r) => ({
          key: r.key,
          value: JSON.stringify(r.value),
          headers: { 'message-id': r.value.id, type: r.value.type, version: String(r.value.version) },
        })),
      })),
    });
  }

  private async markSent(qr: QueryRunner, rows: OutboxRow[]): Promise<void> {
    await qr.query(
      `UPDATE "${this.opts.schema}".outbox SET sent_at = now(), attempts = attempts + 1, retry_at = NULL WHERE id = ANY($1::bigint[])`,
      [rows.map((r) => r.id)],
    );
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Published outbox rows are kept this long, and looked for once an hour. */
const SENT_RETENTION_MS = 7 * 86400000;
const PURGE_EVERY_MS = 3600000;
/** How often the relay reads the parked rows for /health (another relay may have parked one, an operator released one). */
const PARKED_READ_EVERY_MS = 5000;
