import { Kafka, Producer, CompressionTypes } from 'kafkajs';
import { DataSource } from 'typeorm';
import { log } from '../observability/logger';
import { MetricsRegistry } from '../observability/metrics';

export interface RelayOptions {
  ds: DataSource;
  schema: string;
  kafka: Kafka;
  batchSize?: number;
  idleMs?: number;
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
 */
export class OutboxRelay {
  private producer: Producer;
  private running = false;
  private loop: Promise<void> | null = null;
  private readonly batchSize: number;
  private readonly idleMs: number;
  private readonly published;
  private readonly failures;

  constructor(private readonly opts: RelayOptions) {
    this.batchSize = opts.batchSize ?? 500;
    this.idleMs = opts.idleMs ?? 20;
    this.producer = opts.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    const m = opts.metrics ?? new MetricsRegistry();
    this.published = m.counter('outbox_published_total', 'Outbox messages published to Kafka');
    this.failures = m.counter('outbox_publish_failures_total', 'Failed attempts to publish an outbox batch');
    m.gauge('outbox_backlog', 'Outbox messages not yet published', async () => {
      const r = await opts.ds.query(`SELECT count(*)::int AS n FROM "${opts.schema}".outbox WHERE sent_at IS NULL`);
      return [[{}, r[0].n]];
    });
  }

  async start(): Promise<void> {
    await this.producer.connect();
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    await this.producer.disconnect();
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
        const sent = await this.publishPending();
        backoff = 0;
        if (sent === 0) await sleep(this.idleMs);
      } catch (e) {
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
