import { DataSource } from 'typeorm';
import { acrossMalls, Problem } from '@fd/platform';

/**
 * How many tries the public self-confirmation page takes (docs/rules.md, "The customer's own
 * confirmation"), by the leaky buckets of the entry point's sign-in (apps/gateway
 * sign-in-throttle.ts): one per form, one per client address. Each try (asking for a code, or
 * confirming with one) adds 1 to both BEFORE anything is checked, in one statement, so parallel
 * tries cannot all slip through; a bucket leaks one try every `leakSeconds`, so a lock ends by
 * itself. A stranger guessing a form's phone ending fills the form's bucket and their own address's.
 */
export interface Bucket {
  /** Tries allowed at once. */
  burst: number;
  /** One try leaks out every this many seconds. */
  leakSeconds: number;
}

export interface AttemptLimits {
  form: Bucket;
  address: Bucket;
}

// A bucket never holds more than twice its burst, so the longest wait is burst × leakSeconds.
const CAP = 2;

export class AttemptBuckets {
  constructor(
    private readonly ds: DataSource,
    private readonly schema: string,
    private readonly limits: AttemptLimits,
  ) {}

  /** Counts a try on the form from the address; refuses it (429, Retry-After) when either bucket overflows. */
  async take(serial: string, address: string): Promise<void> {
    const { form, address: addr } = this.limits;
    const rows: Array<{ key: string; level: number }> = await this.ds.query(
      `INSERT INTO "${this.schema}".self_confirmation_buckets AS b (key, level, at) VALUES ($1, 1, now()), ($2, 1, now())
       ON CONFLICT (mall_id, key) DO UPDATE SET
         level = LEAST(
           GREATEST(0, b.level - extract(epoch FROM now() - b.at) / CASE WHEN b.key LIKE 'form:%' THEN $3::float8 ELSE $4::float8 END) + 1,
           CASE WHEN b.key LIKE 'form:%' THEN $5::float8 ELSE $6::float8 END),
         at = now()
       RETURNING key, level`,
      [`form:${serial}`, `address:${address}`, form.leakSeconds, addr.leakSeconds, form.burst * CAP, addr.burst * CAP],
    );
    let wait = 0;
    for (const r of rows) {
      const b = r.key.startsWith('form:') ? form : addr;
      if (r.level > b.burst) wait = Math.max(wait, Math.ceil((r.level - b.burst) * b.leakSeconds));
    }
    if (wait > 0) throw new TooManyTries(wait);
  }

  /** Buckets that have leaked empty are only rows: forgotten after a day. */
  async purge(): Promise<number> {
    const [, count] = await acrossMalls(() =>
      this.ds.query(`DELETE FROM "${this.schema}".self_confirmation_buckets WHERE at < now() - interval '1 day'`),
    ); // every mall's
    return Number(count);
  }
}

export class TooManyTries extends Problem {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'TOO_MANY_ATTEMPTS', `Too many tries for this form or from this device. Try again in ${retryAfterSeconds} seconds.`);
  }
}
