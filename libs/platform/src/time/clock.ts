import { Pool } from 'pg';

/**
 * The one source of "now" for every time-based rule. Outside test mode it is the system
 * clock. In test mode (TEST_CLOCK=1) every service reads the same offset from a small
 * table, so one `POST /_test/clock` moves deadlines, callbacks and appeal windows of all
 * services at once. Domain code never reads a clock: `now` comes in with the command. A service
 * in production refuses TEST_CLOCK=1 at start (platform.config.ts).
 */
export interface Clock {
  now(): Promise<Date>;
}

export const systemClock: Clock = { now: async () => new Date() };

export const TEST_CLOCK_SCHEMA = 'test_clock';

export class SharedTestClock implements Clock {
  private ready: Promise<void> | null = null;
  /** `startAt`: where a fresh clock starts (TEST_CLOCK_START), so a demo can live through a month of history; now when not given. */
  constructor(
    private readonly pool: Pool,
    private readonly startAt?: Date,
  ) {}

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
      // a fresh clock may start in the past (TEST_CLOCK_START)
      const start = this.startAt ? this.startAt.getTime() - Date.now() : 0;
      await this.pool.query(`INSERT INTO ${TEST_CLOCK_SCHEMA}.offset_ms (offset_ms) VALUES ($1) ON CONFLICT DO NOTHING`, [
        Math.round(start),
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
