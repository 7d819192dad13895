// PROTOTYPE, for the benchmark only: not used by any service. A copy of the platform's
// OutboxRelay (libs/platform/src/messaging/relay.ts) whose pass handles ALL free lanes in one
// transaction instead of one transaction per lane:
//
//   one statement takes the transaction-scoped advisory lock of every lane that has pending
//   rows and is not held by another relay; one SELECT reads the oldest pending rows of each
//   of those lanes (batchSize in all, in id order within a lane, so each key's rows keep
//   their order); one sendBatch; one UPDATE; one COMMIT.
//
// The guarantees stay those of the platform relay: a lane is worked by one relay at a time
// (the lock), a key's rows are published in id order, a relay killed mid-pass commits
// nothing and its rows are published again. What changes is the cost of a pass with rows in
// many lanes: 1 transaction and 1 Kafka round trip instead of up to 16 of each.
import { CompressionTypes, Producer } from 'kafkajs';
import { RelayOptions, sleep } from '@fd/platform';

interface OutboxRow {
  id: string;
  topic: string;
  key: string;
  value: { id: string; type: string; version: number };
}

export class PrototypeMultiLaneRelay {
  private producer: Producer;
  private running = false;
  private loop: Promise<void> | null = null;
  private readonly batchSize: number;
  private readonly idleMs: number;

  constructor(private readonly opts: RelayOptions) {
    this.batchSize = opts.batchSize ?? 500;
    this.idleMs = 20; // polls as the platform relay did before it listened for notifications
    this.producer = opts.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
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
    while (this.running) {
      try {
        const sent = await this.publishPending();
        backoff = 0;
        if (sent === 0) await sleep(this.idleMs);
      } catch (e) {
        backoff = Math.min(backoff ? backoff * 2 : 100, 5000);
        process.stderr.write(`prototype relay failed; retrying: ${String(e)}\n`);
        await sleep(backoff);
      }
    }
  }

  async publishPending(): Promise<number> {
    const { ds, schema } = this.opts;
    const qr = ds.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction();
      // The lanes with pending rows, found by a skip scan of the partial index outbox_pending
      // (lane, id) -- one probe per lane instead of reading every pending entry as SELECT
      // DISTINCT does -- each locked unless another relay holds it. The volatile lock call is
      // not pushed into the CTE: it runs once per pending lane.
      const lanes: Array<{ lane: number }> = await qr.query(
        `WITH RECURSIVE pending AS (
           (SELECT lane FROM "${schema}".outbox WHERE sent_at IS NULL ORDER BY lane LIMIT 1)
           UNION ALL
           SELECT (SELECT o.lane FROM "${schema}".outbox o WHERE o.sent_at IS NULL AND o.lane > p.lane ORDER BY o.lane LIMIT 1)
           FROM pending p WHERE p.lane IS NOT NULL
         )
         SELECT lane FROM pending WHERE lane IS NOT NULL AND pg_try_advisory_xact_lock(hashtext($1), lane)`,
        [`outbox:${schema}`],
      );
      if (lanes.length === 0) {
        await qr.rollbackTransaction();
        return 0;
      }
      // The oldest rows of each locked lane (index outbox_pending (lane, id), no sort of the
      // whole backlog), `batchSize` in all; each lane's rows stay in id order, so each key's do.
      const perLane = Math.max(1, Math.ceil(this.batchSize / lanes.length));
      const rows: OutboxRow[] = await qr.query(
        `SELECT o.id, o.topic, o.key, o.value FROM unnest($1::int[]) AS l(lane),
         LATERAL (SELECT id, topic, key, value FROM "${schema}".outbox
                  WHERE lane = l.lane AND sent_at IS NULL ORDER BY id LIMIT $2) o`,
        [lanes.map((l) => l.lane), perLane],
      );
      if (rows.length === 0) {
        await qr.rollbackTransaction();
        return 0;
      }
      const byTopic = new Map<string, OutboxRow[]>();
      for (const r of rows) {
        const list = byTopic.get(r.topic);
        if (list) list.push(r);
        else byTopic.set(r.topic, [r]);
      }
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
      return rows.length;
    } catch (e) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      throw e;
    } finally {
      await qr.release();
    }
  }
}
