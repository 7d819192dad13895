import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Principal, UnauthorizedProblem } from '@fd/platform';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How long a sign-in lasts (a working day and a half); sign-out, a password change or disabling the account end it sooner. */
export const SESSION_SECONDS = 12 * 3600;

/**
 * Sessions on the server: the token the browser holds names its session, and the entry point
 * checks the session on every request, so ending one (sign-out, a disabled account, a changed
 * or reset password) takes effect on the very next request. The services behind the entry
 * point never see this token: they get a short-lived one the entry point makes per request
 * (see SessionGuard).
 */
export class Sessions {
  constructor(
    private readonly ds: DataSource,
    private readonly schema: string,
  ) {}

  private get table() {
    return `"${this.schema}".sessions`;
  }

  async open(userId: string, client: string): Promise<{ id: string; expiresInSeconds: number }> {
    const id = randomUUID();
    await this.ds.query(
      `INSERT INTO ${this.table} (id, user_id, expires_at, client) VALUES ($1, $2, now() + make_interval(secs => $3), $4)`,
      [id, userId, SESSION_SECONDS, client],
    );
    return { id, expiresInSeconds: SESSION_SECONDS };
  }

  /** Refuses a token whose session has ended, expired, or whose account is disabled. */
  async assertOpen(p: Principal): Promise<void> {
    const ended = () => new UnauthorizedProblem('Your session has ended; sign in again.', 'SESSION_ENDED');
    if (!p.sid || !UUID.test(p.sid) || !UUID.test(p.sub)) throw ended();
    const [row] = await this.ds.query(
      `SELECT 1 FROM ${this.table} s JOIN "${this.schema}".users u ON u.id = s.user_id
       WHERE s.id = $1 AND s.user_id = $2 AND s.ended_at IS NULL AND s.expires_at > now() AND u.disabled_at IS NULL`,
      [p.sid, p.sub],
    );
    if (!row) throw ended();
  }

  /** Ends one session; answers whether it was open. */
  async end(m: EntityManager, sessionId: string, why: string): Promise<boolean> {
    const [rows] = await m.query(
      `UPDATE ${this.table} SET ended_at = now(), ended_why = $2 WHERE id = $1 AND ended_at IS NULL RETURNING id`,
      [sessionId, why],
    );
    return rows.length > 0;
  }

  /** Ends every open session of a user but `keep` (the one changing its own password); answers how many. */
  async endAll(m: EntityManager, userId: string, why: string, keep?: string): Promise<number> {
    const [, count] = await m.query(
      `UPDATE ${this.table} SET ended_at = now(), ended_why = $2
       WHERE user_id = $1 AND ended_at IS NULL AND expires_at > now() AND ($3::uuid IS NULL OR id <> $3)`,
      [userId, why, keep ?? null],
    );
    return Number(count);
  }

  /** Sessions past their end are kept a week (who signed in from where), then forgotten. */
  async purge(): Promise<number> {
    const [, count] = await this.ds.query(`DELETE FROM ${this.table} WHERE expires_at < now() - interval '7 days'`);
    return Number(count);
  }
}
