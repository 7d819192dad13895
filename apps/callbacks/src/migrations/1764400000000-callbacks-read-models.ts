import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@fd/platform';

/**
 * The callbacks service's read models: what it learns from other services (forms, merchants,
 * upheld forgeries, policy: since PolicyVersions1796065300000, the platform's `policy_versions`)
 * and what it shows (callback tasks, findings, opinions).
 * Dates are `date` columns, read back as text (`::text`) so that no time zone creeps in.
 */
export class CallbacksReadModels1764400000000 implements MigrationInterface {
  name = 'CallbacksReadModels1764400000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE ${s}.forms (
        serial       text PRIMARY KEY,
        merchant_id  text NOT NULL,
        planned_date date NOT NULL,
        rating       text
      )`);
    await q.query(`CREATE TABLE ${s}.merchants (merchant_id text PRIMARY KEY, name text NOT NULL)`);
    await q.query(`
      CREATE TABLE ${s}.upheld_forgeries (
        case_id     text PRIMARY KEY,
        merchant_id text NOT NULL,
        decided_on  date NOT NULL
      )`);
    await q.query(`CREATE INDEX upheld_forgeries_by_merchant ON ${s}.upheld_forgeries (merchant_id, decided_on)`);
    await q.query(`
      CREATE TABLE ${s}.policy (
        version              integer PRIMARY KEY,
        callback_sample_rate double precision NOT NULL,
        time_zone            text NOT NULL,
        changed_at           timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE ${s}.callbacks (
        id          text PRIMARY KEY,
        serial      text NOT NULL,
        merchant_id text NOT NULL,
        reason      text NOT NULL,
        status      text NOT NULL CHECK (status IN ('open', 'closed')),
        opened_at   timestamptz NOT NULL,
        closed_at   timestamptz,
        result      text,
        attempts    jsonb NOT NULL DEFAULT '[]'
      )`);
    // The decider keeps one open task per form; the index says so too.
    await q.query(`CREATE UNIQUE INDEX callbacks_one_open_per_form ON ${s}.callbacks (serial) WHERE status = 'open'`);
    await q.query(`CREATE INDEX callbacks_newest_first ON ${s}.callbacks (opened_at DESC, id DESC)`);
    await q.query(`CREATE INDEX callbacks_by_merchant ON ${s}.callbacks (merchant_id, opened_at DESC)`);
    await q.query(`
      CREATE TABLE ${s}.findings (
        id          text PRIMARY KEY,
        merchant_id text NOT NULL,
        kind        text NOT NULL,
        serviced_on date,
        purchase_id text,
        note        text NOT NULL,
        recorded_on date NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX findings_by_merchant ON ${s}.findings (merchant_id, recorded_at DESC)`);
    await q.query(`
      CREATE TABLE ${s}.opinions (
        id            text PRIMARY KEY,
        channel       text NOT NULL,
        category      text NOT NULL,
        merchant_id   text,
        text          text NOT NULL,
        registered_on date NOT NULL,
        period        text NOT NULL,
        registered_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX opinions_by_period ON ${s}.opinions (period, registered_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    for (const t of ['opinions', 'findings', 'callbacks', 'policy', 'upheld_forgeries', 'merchants', 'forms'])
      await q.query(`DROP TABLE ${s}.${t}`);
  }
}
