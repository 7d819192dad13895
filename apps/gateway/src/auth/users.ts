import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { newUserRequest, passwordSchema } from '@fd/api';
import {
  ConflictProblem,
  hashPassword,
  DEFAULT_MALL,
  ForbiddenProblem,
  inMall,
  mallOf,
  NotFoundProblem,
  Principal,
  RuleProblem,
  UnauthorizedProblem,
  ValidationProblem,
  verifyPassword,
} from '@fd/platform';
import { accountStream, AccountAudit } from './account-audit';
import { Sessions } from './sessions';
import { SignInThrottle } from './sign-in-throttle';

// the account's fields and the one password policy, for every account (the bootstrap admin's too): the HTTP contract's (libs/api)
export { newUserRequest as newUserSchema, passwordSchema, usernameSchema } from '@fd/api';
export type NewUser = z.infer<typeof newUserRequest>;

interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  role: Principal['role'];
  merchant_id: string | null;
  mall_id: string;
  disabled_at: Date | null;
}

export interface SignedIn {
  principal: Principal;
  sessionId: string;
  expiresInSeconds: number;
}

/** Accounts, their sign-in and their life (disable, passwords, sessions); every change is recorded in the audit log. */
export class Users {
  private readonly audit: AccountAudit;
  readonly sessions: Sessions;
  readonly throttle: SignInThrottle;

  constructor(
    private readonly ds: DataSource,
    private readonly schema: string,
    throttle?: SignInThrottle,
  ) {
    this.audit = new AccountAudit(schema);
    this.sessions = new Sessions(ds, schema);
    this.throttle = throttle ?? new SignInThrottle(ds, schema);
  }

  private t(name: string) {
    return `"${this.schema}".${name}`;
  }

  /**
   * An administrator makes accounts of its own mall; the group administration (or the command
   * line) of any mall, and only it makes group administrators.
   */
  async create(u: NewUser, by: Principal | string): Promise<{ id: string }> {
    const mall = u.mallId ?? (typeof by === 'string' ? DEFAULT_MALL : mallOf(by));
    if (typeof by !== 'string' && by.role !== 'group_admin') {
      if (mall !== mallOf(by)) throw new ForbiddenProblem('An administrator makes accounts of its own mall only.', 'OTHER_MALL');
      if (u.role === 'group_admin') throw new ForbiddenProblem('Only the group administration makes group administrators.', 'OTHER_MALL');
    }
    const id = randomUUID();
    const hash = await hashPassword(u.password);
    // the account's changes are its mall's records (an administrator there reads them)
    return inMall(mall, () =>
      this.ds.transaction(async (m) => {
        const rows: unknown[] = await m.query(
          `INSERT INTO ${this.t('users')} (id, username, password_hash, role, merchant_id, created_by, password_changed_at, mall_id)
           VALUES ($1, $2, $3, $4, $5, $6, now(), $7) ON CONFLICT (username) DO NOTHING RETURNING id`,
          [id, u.username, hash, u.role, u.merchantId ?? null, typeof by === 'string' ? by : by.username, mall],
        );
        if (rows.length === 0) throw new ConflictProblem('USERNAME_TAKEN', `The username ${u.username} is already taken.`);
        const data = { username: u.username, role: u.role, mallId: mall, ...(u.merchantId ? { merchantId: u.merchantId } : {}) };
        await this.audit.record(m, accountStream(id), { type: 'AccountCreated', data }, by);
        return { id };
      }),
    );
  }

  async exists(username: string): Promise<boolean> {
    return (await this.ds.query(`SELECT 1 FROM ${this.t('users')} WHERE username = $1`, [username])).length > 0;
  }

  /** The accounts of the caller's mall; every mall's for the group administration. */
  async list(by: Principal) {
    const rows = await this.ds.query(
      `SELECT u.id, u.username, u.role, u.merchant_id, u.mall_id, u.created_at, u.disabled_at,
              EXISTS (SELECT 1 FROM ${this.t('sign_in_attempts')} a WHERE a.username = u.username AND a.level >= 1) AS failing
       FROM ${this.t('users')} u WHERE $1::text IS NULL OR u.mall_id = $1 ORDER BY u.mall_id, u.username`,
      [by.role === 'group_admin' ? null : mallOf(by)],
    );
    return rows.map((r: UserRow & { created_at: Date; failing: boolean }) => ({
      id: r.id,
      username: r.username,
      role: r.role,
      ...(r.merchant_id ? { merchantId: r.merchant_id } : {}),
      mallId: r.mall_id,
      createdAt: new Date(r.created_at).toISOString(),
      disabled: r.disabled_at !== null,
      recentFailedSignIns: r.failing,
    }));
  }

  /**
   * Checks a password and opens a session. The attempt is counted before the password is
   * checked (SignInThrottle), so neither parallel tries nor many usernames get around the limit.
   */
  async login(username: string, password: string, client: string): Promise<SignedIn> {
    await this.throttle.take(client, username);
    const user = await this.byUsername(username);
    // hash even for an unknown user, so timing does not tell which usernames exist
    const ok = user ? await verifyPassword(password, user.password_hash) : (await hashPassword(password), false);
    if (!ok || !user) throw new UnauthorizedProblem('The username or password is wrong.', 'BAD_CREDENTIALS');
    await this.throttle.succeeded(client, username);
    // said only to whoever knows the password: a stranger learns nothing about the account
    if (user.disabled_at) throw new UnauthorizedProblem('This account is disabled; ask the administration.', 'ACCOUNT_DISABLED');
    const session = await this.sessions.open(user.id, client);
    return { principal: { ...principalOf(user), sid: session.id }, sessionId: session.id, expiresInSeconds: session.expiresInSeconds };
  }

  /** Ends the caller's own session (sign-out). */
  async signOut(p: Principal): Promise<void> {
    await this.ds.transaction(async (m) => {
      if (p.sid && (await this.sessions.end(m, p.sid, 'signed out')))
        await this.audit.record(m, accountStream(p.sub), { type: 'SignedOut', data: { username: p.username, sessionId: p.sid } }, p);
    });
  }

  /** A user changes their own password: the current one is checked (and throttled like a sign-in); other sessions end. */
  async changeOwnPassword(p: Principal, current: string, next: string, client: string): Promise<void> {
    checkPolicy(next);
    await this.throttle.take(client, p.username);
    const user = await this.byUsername(p.username);
    if (!user || !(await verifyPassword(current, user.password_hash)))
      throw new RuleProblem('WRONG_PASSWORD', 'The current password is wrong; the password was not changed.');
    await this.throttle.succeeded(client, p.username);
    const hash = await hashPassword(next);
    await this.ds.transaction(async (m) => {
      await m.query(`UPDATE ${this.t('users')} SET password_hash = $2, password_changed_at = now() WHERE id = $1`, [user.id, hash]);
      const sessionsEnded = await this.sessions.endAll(m, user.id, 'password changed', p.sid);
      await this.audit.record(m, accountStream(user.id), { type: 'PasswordChanged', data: { username: user.username, sessionsEnded } }, p);
    });
  }

  /** The administration sets a new password: every session of the account ends. */
  async resetPassword(username: string, next: string, by: Principal | string): Promise<void> {
    checkPolicy(next);
    const user = await this.mustExist(username, by);
    const hash = await hashPassword(next);
    await this.inMallOf(user, async (m) => {
      await m.query(`UPDATE ${this.t('users')} SET password_hash = $2, password_changed_at = now() WHERE id = $1`, [user.id, hash]);
      const sessionsEnded = await this.sessions.endAll(m, user.id, 'password reset');
      await this.audit.record(m, accountStream(user.id), { type: 'PasswordReset', data: { username, sessionsEnded } }, by);
    });
  }

  /** Disables an account: it cannot sign in, and every session ends at once. An administrator cannot disable their own. */
  async disable(username: string, by: Principal | string): Promise<{ changed: boolean }> {
    if (typeof by !== 'string' && by.username === username)
      throw new RuleProblem('CANNOT_DISABLE_SELF', 'You cannot disable your own account; ask another administrator.');
    const user = await this.mustExist(username, by);
    return this.inMallOf(user, async (m) => {
      const [rows] = await m.query(`UPDATE ${this.t('users')} SET disabled_at = now() WHERE id = $1 AND disabled_at IS NULL RETURNING id`, [
        user.id,
      ]);
      const sessionsEnded = await this.sessions.endAll(m, user.id, 'account disabled');
      if (rows.length === 0 && sessionsEnded === 0) return { changed: false };
      await this.audit.record(m, accountStream(user.id), { type: 'AccountDisabled', data: { username, sessionsEnded } }, by);
      return { changed: true };
    });
  }

  async enable(username: string, by: Principal | string): Promise<{ changed: boolean }> {
    const user = await this.mustExist(username, by);
    return this.inMallOf(user, async (m) => {
      const [rows] = await m.query(
        `UPDATE ${this.t('users')} SET disabled_at = NULL WHERE id = $1 AND disabled_at IS NOT NULL RETURNING id`,
        [user.id],
      );
      if (rows.length === 0) return { changed: false };
      await this.audit.record(m, accountStream(user.id), { type: 'AccountEnabled', data: { username } }, by);
      return { changed: true };
    });
  }

  /** Lifts every sign-in lock on the username (from every client address). */
  async unlock(username: string, by: Principal | string): Promise<{ locksLifted: number }> {
    const user = await this.mustExist(username, by);
    return this.inMallOf(user, async (m) => {
      const locksLifted = await this.throttle.unlock(username, m);
      await this.audit.record(m, accountStream(user.id), { type: 'SignInUnlocked', data: { username, locksLifted } }, by);
      return { locksLifted };
    });
  }

  async auditLog(limit: number, before?: number) {
    return this.audit.list(this.ds.manager, limit, before);
  }

  private async byUsername(username: string): Promise<UserRow | undefined> {
    const [user]: UserRow[] = await this.ds.query(`SELECT * FROM ${this.t('users')} WHERE username = $1`, [username]);
    return user;
  }

  /** A change to an account, in a transaction of its mall (whose records its audit events are). */
  private inMallOf<T>(user: UserRow, change: (m: EntityManager) => Promise<T>): Promise<T> {
    return inMall(user.mall_id, () => this.ds.transaction(change));
  }

  /** The account, if the caller may manage it: one of its own mall's (any, for the group administration or the command line). */
  private async mustExist(username: string, by: Principal | string): Promise<UserRow> {
    const user = await this.byUsername(username);
    const theirs = !user || typeof by === 'string' || by.role === 'group_admin' || user.mall_id === mallOf(by);
    // another mall's account is not there, as far as this administrator can tell
    if (!user || !theirs) throw new NotFoundProblem('USER_NOT_FOUND', `There is no account ${username}.`);
    return user;
  }
}

function principalOf(user: UserRow): Principal {
  return {
    sub: user.id,
    username: user.username,
    role: user.role,
    ...(user.merchant_id ? { merchantId: user.merchant_id } : {}),
    mallId: user.mall_id,
  };
}

/** The password policy for a new password sent as `field`. */
function checkPolicy(password: string, field = 'newPassword'): void {
  const checked = passwordSchema.safeParse(password);
  if (!checked.success) throw new ValidationProblem([{ field, message: checked.error.issues[0].message }]);
}
