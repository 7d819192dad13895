import { DataSource, EntityManager } from 'typeorm';
import { Problem } from '@fd/platform';
import type { GatewayConfig } from '../gateway.config';

/**
 * How many sign-in attempts a client may make (docs/security.md, "Sign-in"). Two leaky buckets:
 * one per (client address, username), one per client address. Each attempt adds 1 to both
 * BEFORE the password is checked, in one statement, so parallel attempts cannot all slip
 * through; a bucket leaks one attempt every `leakSeconds`, so a lock ends by itself; a success
 * empties the account's bucket and takes its attempt back from the address's.
 *
 * A stranger failing as `admin` fills only the stranger's buckets: the administrator, from
 * another address, still signs in. An attacker who keeps trying keeps only their own address
 * locked, for at most (cap - burst) × leakSeconds after the last try.
 */
export interface Bucket {
  /** Attempts allowed at once. */
  burst: number;
  /** One attempt leaks out every this many seconds. */
  leakSeconds: number;
}

export interface ThrottleLimits {
  account: Bucket;
  address: Bucket;
}

/** Each overridable by its variable (gateway.config.ts, docs/security.md "Sign-in"). */
export const DEFAULT_THROTTLE: ThrottleLimits = { account: { burst: 5, leakSeconds: 60 }, address: { burst: 30, leakSeconds: 10 } };

/** The limits of the entry point's configuration (SIGN_IN_*). */
export function throttleLimits(
  c: Pick<GatewayConfig, 'SIGN_IN_BURST' | 'SIGN_IN_LEAK_SECONDS' | 'SIGN_IN_ADDRESS_BURST' | 'SIGN_IN_ADDRESS_LEAK_SECONDS'>,
): ThrottleLimits {
  return {
    account: { burst: c.SIGN_IN_BURST, leakSeconds: c.SIGN_IN_LEAK_SECONDS },
    address: { burst: c.SIGN_IN_ADDRESS_BURST, leakSeconds: c.SIGN_IN_ADDRESS_LEAK_SECONDS },
  };
}

// A bucket never holds more than twice its burst, so the longest wait is burst × leakSeconds.
const CAP = 2;

export class SignInThrottle {
  constructor(
    private readonly ds: DataSource,
    private readonly schema: string,
    private readonly limits: ThrottleLimits = DEFAULT_THROTTLE,
  ) {}

  private get table() {
    return `"${this.schema}".sign_in_attempts`;
  }

  /** Counts an attempt; refuses it (429, Retry-After) when either bucket overflows. No password is checked then. */
  async take(address: string, username: string): Promise<void> {
    const { account, address: addr } = this.limits;
    const rows: Array<{ username: string; level: number }> = await this.ds.query(
      `INSERT INTO ${this.table} AS b (address, username, level, at) VALUES ($1, $2, 1, now()), ($1, '', 1, now())
       ON CONFLICT (address, username) DO UPDATE SET
         level = LEAST(
           GREATEST(0, b.level - extract(epoch FROM now() - b.at) / CASE WHEN b.username = '' THEN $4::float8 ELSE $3::float8 END) + 1,
           CASE WHEN b.username = '' THEN $6::float8 ELSE $5::float8 END),
         at = now()
       RETURNING username, level`,
      [address, username, account.leakSeconds, addr.leakSeconds, account.burst * CAP, addr.burst * CAP],
    );
    let wait = 0;
    for (const r of rows) {
      const b = r.username === '' ? addr : account;
      if (r.level > b.burst) wait = Math.max(wait, Math.ceil((r.level - b.burst) * b.leakSeconds));
    }
    if (wait > 0) throw new TooManyAttempts(wait);
  }

  /** The password was right: the account's bucket empties, the address gets this attempt back. */
  async succeeded(address: string, username: string): Promise<void> {
    await this.ds.query(
      `WITH gone AS (DELETE FROM ${this.table} WHERE address = $1 AND username = $2)
       UPDATE ${this.table} SET level = GREATEST(0, level - 1) WHERE address = $1 AND username = ''`,
      [address, username],
    );
  }

  /** The administrator lifts every lock on a username, from every address; answers how many there were. */
  async unlock(username: string, m: EntityManager = this.ds.manager): Promise<number> {
    const [, count] = await m.query(`DELETE FROM ${this.table} WHERE username = $1`, [username]);
    return Number(count);
  }

  /** Buckets that have leaked empty are only rows: forgotten after a day. */
  async purge(): Promise<number> {
    const [, count] = await this.ds.query(`DELETE FROM ${this.table} WHERE at < now() - interval '1 day'`);
    return Number(count);
  }
}

export class TooManyAttempts extends Problem {
  constructor(readonly retryAfterSeconds: number) {
    super(
      429,
      'TOO_MANY_ATTEMPTS',
      `Too many sign-in attempts from this device. Try again in ${retryAfterSeconds} seconds, or ask an administrator to unlock the account.`,
    );
  }
}
