import { Kafka, Producer, CompressionTypes } from 'kafkajs';
import { DataSource } from 'typeorm';
import { connectionConfigOf, notifyChannel, PgListener } from '../db/pg-listener';
import { log } from '../observability/logger';
import { numberSetting } from '../service/settings';
import { MetricsRegistry } from '../observability/metrics';

export interface RelayOptions {
  ds: DataSource;
  schema: string;
  kafka: Kafka;
  batchSize?: number;
  /**
   * The relay wakes when an outbox row commits (LISTEN on `<schema>.outbox`); besides, it looks
   * at the table this often, in case a notification was lost. Default OUTBOX_POLL_MS or 1000.
   */
  fallbackPollMs?: number;
  /** health() says not ok once publishing has failed for this long. Default OUTBOX_UNHEALTHY_AFTER_MS or 30000. */
  unhealthyAfterMs?: number;
  metrics?: MetricsRegistry;
  /** Prepended to every topic name (see kafka.ts, topicPrefix). */
  topicPrefix?: string;
}

interface OutboxRow {
  id: string;
  topic: string;
  key: string;
  value: { id: string; type: string; version: number };
}

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
 */
export class OutboxRelay {
  private producer: Producer;
  private running = false;
  private loop: Promise<void> | null = null;
  private readonly batchSize: number;
  private readonly fallbackPollMs: number;
  private readonly unhealthyAfterMs: number;
  private readonly published;
  private readonly failures;
  private readonly listener: PgListener;
  /** Set by a notification; a pass clears it first, so one arriving during a pass is never lost. */
  private woken = false;
  private wake: (() => void) | null = null;
  private failingSince: number | null = null;
  private passStartedAt: number | null = null;
  private lastError = '';

  constructor(private readonly opts: RelayOptions) {
    this.batchSize = opts.batchSize ?? 500;
    this.fallbackPollMs = opts.fallbackPollMs ?? numberSetting('OUTBOX_POLL_MS', 1000, { min: 1 });
    this.unhealthyAfterMs = opts.unhealthyAfterMs ?? numberSetting('OUTBOX_UNHEALTHY_AFTER_MS', 30000, { min: 1 });
    this.producer = opts.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    const m = opts.metrics ?? new MetricsRegistry();
    this.published = m.counter('outbox_published_total', 'Outbox messages published to Kafka');
    this.failures = m.counter('outbox_publish_failures_total', 'Failed attempts to publish an outbox batch');
    m.gauge('outbox_backlog', 'Outbox messages not yet published', async () => {
      const r = await opts.ds.query(`SELECT count(*)::int AS n FROM "${opts.schema}".outbox WHERE sent_at IS NULL`);
      return [[{}, r[0].n]];
    });
    m.gauge('outbox_relay_listening', 'Whether the relay is LISTENing for new outbox rows (else it only polls)', async () => [
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
        this.woken = false;
        this.passStartedAt = Date.now();
        const sent = await this.publishPending();
        this.passStartedAt = null;
        backoff = 0;
        this.failingSince = null;
        if (sent === 0) await this.idle(this.fallbackPollMs);
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
        `SELECT id, topic, key, value FROM "${schema}".outbox WHERE lane = $1 AND sent_at IS NULL ORDER BY id LIMIT $2`,
        [lane, this.batchSize],
      );
      if (rows.length === 0) {
        await qr.rollbackTransaction();
        return 0;
      }
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
      await qr.query(`UPDATE "${schema}".outbox SET sent_at = now(), attempts = attempts + 1 WHERE id = ANY($1::bigint[])`, [
        rows.map((r) => r.id),
      ]);
      await qr.commitTransaction();
      this.published.inc({}, rows.length);
      return rows.length;
    } catch (e) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      this.failures.inc();
      if (rows.length)
        await ds
          .query(`UPDATE "${schema}".outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::bigint[])`, [
            rows.map((r) => r.id),
            String(e).slice(0, 1000),
          ])
          .catch(() => undefined);
      throw e;
    } finally {
      await qr.release();
    }
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Published outbox rows are kept this long, and looked for once an hour. */
const SENT_RETENTION_MS = 7 * 86400000;
const PURGE_EVERY_MS = 3600000;
