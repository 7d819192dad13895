import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ConflictProblem, hashPassword, Principal, Problem, roleSchema, UnauthorizedProblem, verifyPassword } from '@fd/platform';

export const newUserSchema = z
  .object({
    username: z
      .string()
      .trim()
      .min(3)
      .max(64)
      .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash or underscore'),
    password: z.string().min(10, 'at least 10 characters').max(200),
    role: roleSchema,
    merchantId: z.string().trim().min(1).optional(),
  })
  .refine((u) => (u.role === 'merchant') === !!u.merchantId, {
    message: 'a merchant account needs a merchantId, and only a merchant account has one',
    path: ['merchantId'],
  });
export type NewUser = z.infer<typeof newUserSchema>;

interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  role: Principal['role'];
  merchant_id: string | null;
}

// After this many failures in a row an account is locked for a while, doubling each time up to
// a ceiling: anyone may fail to sign in as any username, and without one a patient stranger
// could lock `admin` out for days.
const FREE_FAILURES = 5;
const FIRST_LOCK_SECONDS = 30;
const LONGEST_LOCK_SECONDS = 15 * 60;

export class Users {
  constructor(
    private readonly ds: DataSource,
    private readonly schema: string,
  ) {}

  private t(name: string) {
    return `"${this.schema}".${name}`;
  }

  async create(u: NewUser, createdBy: string | null): Promise<{ id: string }> {
    const id = randomUUID();
    const hash = await hashPassword(u.password);
    const rows: unknown[] = await this.ds.query(
      `INSERT INTO ${this.t('users')} (id, username, password_hash, role, merchant_id, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (username) DO NOTHING RETURNING id`,
      [id, u.username, hash, u.role, u.merchantId ?? null, createdBy],
    );
    if (rows.length === 0) throw new ConflictProblem('USERNAME_TAKEN', `The username ${u.username} is already taken.`);
    return { id };
  }

  async exists(username: string): Promise<boolean> {
    return (await this.ds.query(`SELECT 1 FROM ${this.t('users')} WHERE username = $1`, [username])).length > 0;
  }

  async list() {
    const rows = await this.ds.query(`SELECT id, username, role, merchant_id, created_at FROM ${this.t('users')} ORDER BY username`);
    return rows.map((r: UserRow & { created_at: Date }) => ({
      id: r.id,
      username: r.username,
      role: r.role,
      ...(r.merchant_id ? { merchantId: r.merchant_id } : {}),
      createdAt: new Date(r.created_at).toISOString(),
    }));
  }

  /** Checks a password; repeated failures lock the username for a growing time. */
  async login(username: string, password: string, now = new Date()): Promise<Principal> {
    const [lock] = await this.ds.query(`SELECT failures, locked_until FROM ${this.t('login_failures')} WHERE username = $1`, [username]);
    if (lock?.locked_until && new Date(lock.locked_until) > now) {
      const seconds = Math.ceil((new Date(lock.locked_until).getTime() - now.getTime()) / 1000);
      throw new Problem(429, 'TOO_MANY_ATTEMPTS', `Too many failed sign-ins for ${username}. Try again in ${seconds} seconds.`);
    }
    const [user]: UserRow[] = await this.ds.query(`SELECT * FROM ${this.t('users')} WHERE username = $1`, [username]);
    // hash even for an unknown user, so timing does not tell which usernames exist
    const ok = user ? await verifyPassword(password, user.password_hash) : (await hashPassword(password), false);
    if (!ok) {
      await this.ds.query(
        `INSERT INTO ${this.t('login_failures')} AS f (username, failures) VALUES ($1, 1)
         ON CONFLICT (username) DO UPDATE SET failures = f.failures + 1,
           locked_until = CASE WHEN f.failures + 1 >= $2
             THEN now() + make_interval(secs => LEAST($3 * power(2, LEAST(f.failures + 1 - $2, 30)), $4)) ELSE NULL END`,
        [username, FREE_FAILURES, FIRST_LOCK_SECONDS, LONGEST_LOCK_SECONDS],
      );
      throw new UnauthorizedProblem('The username or password is wrong.', 'BAD_CREDENTIALS');
    }
    await this.ds.query(`DELETE FROM ${this.t('login_failures')} WHERE username = $1`, [username]);
    return { sub: user.id, username: user.username, role: user.role, ...(user.merchant_id ? { merchantId: user.merchant_id } : {}) };
  }
}
