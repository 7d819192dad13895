import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import type { Actor } from '@fd/contracts';
import { correlation, EventStore, Principal } from '@fd/platform';

/**
 * Who changed an account, a session or the test clock, and when: events in the gateway's own
 * event store (stream `account-<user id>`, or `test-clock`), appended in the same transaction as
 * the change they record, so no change goes unrecorded. The administration reads them newest
 * first (GET /api/v1/audit). Internal: no other service needs them, so none is published.
 */
export type AuditEvent =
  | { type: 'AccountCreated'; data: { username: string; role: string; merchantId?: string } }
  | { type: 'AccountDisabled'; data: { username: string; sessionsEnded: number } }
  | { type: 'AccountEnabled'; data: { username: string } }
  | { type: 'PasswordChanged'; data: { username: string; sessionsEnded: number } }
  | { type: 'PasswordReset'; data: { username: string; sessionsEnded: number } }
  | { type: 'SignedOut'; data: { username: string; sessionId: string } }
  | { type: 'SignInUnlocked'; data: { username: string; locksLifted: number } }
  | { type: 'TestClockMoved'; data: { from: string; to: string } };

export interface AuditEntry {
  position: number;
  at: string;
  type: AuditEvent['type'];
  by: string;
  data: AuditEvent['data'];
}

/** The actor of an audit event: a signed-in user, or `cli`/`bootstrap` for the command line and the first start. */
export function actorOf(p: Principal | string): Actor {
  return typeof p === 'string'
    ? { id: p, role: 'system' }
    : { id: p.username, role: p.role, ...(p.merchantId ? { merchantId: p.merchantId } : {}) };
}

export class AccountAudit {
  private readonly store: EventStore;
  constructor(private readonly schema: string) {
    this.store = new EventStore(schema);
  }

  /** Appends one event to the stream; `m` is the transaction of the change it records. */
  async record(m: EntityManager, stream: AuditStream, event: AuditEvent, by: Principal | string, now = new Date()): Promise<void> {
    const [row] = await m.query(`SELECT version FROM "${this.schema}".streams WHERE stream_id = $1 FOR UPDATE`, [stream.id]);
    const corr = correlation.getStore()?.correlationId ?? randomUUID();
    await this.store.append(m, stream.id, stream.type, row?.version ?? 0, [event], {
      now,
      actor: actorOf(by),
      correlationId: corr,
      causationId: null,
    });
  }

  /** Newest first; `before` is the position of the last entry of the previous page. */
  async list(m: EntityManager, limit: number, before?: number): Promise<{ items: AuditEntry[]; nextBefore: number | null }> {
    const rows: Array<{
      global_position: string;
      recorded_at: Date;
      type: AuditEvent['type'];
      data: AuditEvent['data'];
      metadata: { actor: Actor };
    }> = await m.query(
      `SELECT global_position, recorded_at, type, data, metadata FROM "${this.schema}".events
         WHERE stream_type IN ('account', 'test-clock') AND ($1::bigint IS NULL OR global_position < $1)
         ORDER BY global_position DESC LIMIT $2`,
      [before ?? null, limit + 1],
    );
    const items = rows.slice(0, limit).map((r) => ({
      position: Number(r.global_position),
      at: new Date(r.recorded_at).toISOString(),
      type: r.type,
      by: r.metadata.actor.id,
      data: r.data,
    }));
    return { items, nextBefore: rows.length > limit ? items[items.length - 1].position : null };
  }
}

export interface AuditStream {
  id: string;
  type: 'account' | 'test-clock';
}
export const accountStream = (userId: string): AuditStream => ({ id: `account-${userId}`, type: 'account' });
export const TEST_CLOCK_STREAM: AuditStream = { id: 'test-clock', type: 'test-clock' };
