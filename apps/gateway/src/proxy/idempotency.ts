import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { ConflictProblem, log, Principal, ValidationProblem } from '@fd/platform';

export interface StoredAnswer {
  status: number;
  contentType: string;
  /** Text, or base64 when `encoding` says so (a PDF). */
  body: string;
  encoding?: 'base64';
  headers?: Record<string, string>;
}

/**
 * The caller's `Idempotency-Key`, scoped to the user (keys are per user), or undefined when the
 * request has none. Like Stripe's, a key is at most 255 visible ASCII characters (a UUID fits).
 */
export function idempotencyKeyOf(req: Request, user: Principal): string | undefined {
  const key = req.header('idempotency-key');
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(key))
    throw new ValidationProblem([{ field: 'Idempotency-Key', message: '1 to 255 visible ASCII characters (a UUID, for example)' }]);
  return `${user.sub}:${key}`;
}

/**
 * A request runs at most 30 s upstream (Upstreams) plus the forms wait; a claim still open after
 * this long belongs to an entry point that was killed while answering, and a retry may take it
 * (IDEMPOTENCY_ABANDONED_AFTER_MS).
 */
export const DEFAULT_ABANDONED_AFTER_MS = 60000;

export type Claim = { kind: 'new' } | { kind: 'replay'; answer: StoredAnswer };

/**
 * `Idempotency-Key` on every POST (docs/api.md#retries): the first answer is kept for 24 hours
 * and a repeat with the same key and body gets it again; the same key with another body,
 * or while the first is still running, is a 409. Keys are per user.
 */
export class IdempotencyKeys {
  constructor(
    private readonly ds: DataSource,
    private readonly schema: string,
    private readonly abandonedAfterMs = DEFAULT_ABANDONED_AFTER_MS,
  ) {}

  private get table() {
    return `"${this.schema}".idempotency_keys`;
  }

  static hash(method: string, path: string, body: string): string {
    return createHash('sha256').update(`${method} ${path}\n${body}`).digest('hex');
  }

  async claim(key: string, requestHash: string): Promise<Claim> {
    await this.ds.query(`DELETE FROM ${this.table} WHERE key = $1 AND created_at < now() - interval '24 hours'`, [key]);
    const inserted: unknown[] = await this.ds.query(
      `INSERT INTO ${this.table} (key, request_hash) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING key`,
      [key, requestHash],
    );
    if (inserted.length) return { kind: 'new' };
    const [row] = await this.ds.query(`SELECT request_hash, status, response FROM ${this.table} WHERE key = $1`, [key]);
    if (!row) return this.claim(key, requestHash); // expired between the two statements
    if (row.request_hash !== requestHash)
      throw new ConflictProblem('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request.');
    if (row.status == null) {
      // A claim older than any request can run was left by an entry point that died mid-request: take it over.
      const [taken]: [unknown[], number] = await this.ds.query(
        `UPDATE ${this.table} SET created_at = now() WHERE key = $1 AND status IS NULL
           AND created_at < now() - make_interval(secs => $2) RETURNING key`,
        [key, this.abandonedAfterMs / 1000],
      );
      if (taken.length) return { kind: 'new' };
      throw new ConflictProblem('REQUEST_IN_PROGRESS', 'The same request is still being processed; try again in a moment.');
    }
    return { kind: 'replay', answer: row.response as StoredAnswer };
  }

  async complete(key: string, answer: StoredAnswer): Promise<void> {
    await this.ds.query(`UPDATE ${this.table} SET status = $2, response = $3 WHERE key = $1`, [key, answer.status, JSON.stringify(answer)]);
  }

  /**
   * Runs `compute` once per key: a repeat gets the stored answer (`replayed: true`).
   * Without a key it simply runs.
   */
  async run(
    key: string | undefined,
    requestHash: string,
    compute: () => Promise<StoredAnswer>,
  ): Promise<StoredAnswer & { replayed?: boolean }> {
    if (!key) return compute();
    const claim = await this.claim(key, requestHash);
    if (claim.kind === 'replay') return { ...claim.answer, replayed: true };
    let answer: StoredAnswer;
    try {
      answer = await compute();
    } catch (e) {
      await this.release(key).catch(() => undefined);
      throw e;
    }
    // The work is done: a failure to keep its answer (a database blip) must not turn it into a 500.
    // The key then stays in progress, and a retry takes it over later (abandonedAfterMs).
    await (answer.status >= 500 ? this.release(key) : this.complete(key, answer)).catch((e) =>
      log.warn('could not keep the answer of an Idempotency-Key', { error: String(e), status: answer.status }),
    );
    return answer;
  }

  /**
   * Forgets every answer older than 24 hours. Answers hold what the API gave out (customers'
   * phone numbers, verification codes), so they are not kept past the window that needs them,
   * whether or not their key is ever used again.
   */
  async purgeExpired(): Promise<number> {
    const [{ n }] = await this.ds.query(
      `WITH gone AS (DELETE FROM ${this.table} WHERE created_at < now() - interval '24 hours' RETURNING 1) SELECT count(*)::int AS n FROM gone`,
    );
    return n;
  }

  /** A failed attempt (5xx, or no answer at all) may be retried with the same key. */
  async release(key: string): Promise<void> {
    await this.ds.query(`DELETE FROM ${this.table} WHERE key = $1 AND status IS NULL`, [key]);
  }
}
