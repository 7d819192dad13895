import { Pool } from 'pg';

/**
 * The one source of "now" for every time-based rule. Outside test mode it is the system
 * clock. In test mode (TEST_CLOCK=1) every service reads the same offset from a small
 * table, so one `POST /_test/clock` moves deadlines, callbacks and appeal windows of all
 * services at once. Domain code never reads a clock: `now` comes in with the command.
 */
export interface Clock {
  now(): Promise<Date>;
}

export const systemClock: Clock = { now: async () => new Date() };

export const TEST_CLOCK_SCHEMA = 'test_clock';

export class SharedTestClock implements Clock {
  private ready: Promise<void> | null = null;
  constructor(private readonly pool: Pool) {}

  private ensure(): Promise<void> {
    this.ready ??= (async () => {
      // A service running as its own role finds the table made by the provisioning
      // (deploy/postgres/service-roles.sql) and may not create it; one running as the
      // administrator (an integration test) makes it.
      const made = await this.pool.query(`SELECT to_regclass('${TEST_CLOCK_SCHEMA}.offset_ms') IS NOT NULL AS made`);
      if (!made.rows[0].made) {
        await this.pool.query(`CREATE SCHEMA IF NOT EXISTS ${TEST_CLOCK_SCHEMA}`);
        await this.pool.query(
          `CREATE TABLE IF NOT EXISTS ${TEST_CLOCK_SCHEMA}.offset_ms (id boolean PRIMARY KEY DEFAULT true CHECK (id), offset_ms bigint NOT NULL)`,
        );
      }
      // a fresh clock may start in the past (TEST_CLOCK_START), so a demo can live through a month of history
      const start = process.env.TEST_CLOCK_START ? Date.parse(process.env.TEST_CLOCK_START) - Date.now() : 0;
      await this.pool.query(`INSERT INTO ${TEST_CLOCK_SCHEMA}.offset_ms (offset_ms) VALUES ($1) ON CONFLICT DO NOTHING`, [
        Number.isFinite(start) ? Math.round(start) : 0,
      ]);
    })().catch((e) => {
      this.ready = null;
      throw e;
    });
    return this.ready;
  }

  async offsetMs(): Promise<number> {
    await this.ensure();
    const r = await this.pool.query(`SELECT offset_ms FROM ${TEST_CLOCK_SCHEMA}.offset_ms`);
    return Number(r.rows[0].offset_ms);
  }

  async now(): Promise<Date> {
    return new Date(Date.now() + (await this.offsetMs()));
  }

  /** Moves "now" to `to`; never backwards (docs/api.md#test-clock). */
  async moveTo(to: Date): Promise<Date> {
    await this.ensure();
    const wanted = to.getTime() - Date.now();
    const r = await this.pool.query(`UPDATE ${TEST_CLOCK_SCHEMA}.offset_ms SET offset_ms = GREATEST(offset_ms, $1) RETURNING offset_ms`, [
      wanted,
    ]);
    return new Date(Date.now() + Number(r.rows[0].offset_ms));
  }
}

export function isTestClockEnabled(): boolean {
  return process.env.TEST_CLOCK === '1';
}

/**
 * A service refuses to start with the test clock in production: moving time forward makes every
 * open form overdue, zeroes merchants and closes appeal windows, and cannot be undone.
 */
export function assertTestClockAllowed(env: NodeJS.ProcessEnv = process.env): void {
  if (env.TEST_CLOCK === '1' && env.NODE_ENV === 'production')
    throw new Error('TEST_CLOCK=1 is refused with NODE_ENV=production: the test clock moves time for every service and cannot be undone');
}
