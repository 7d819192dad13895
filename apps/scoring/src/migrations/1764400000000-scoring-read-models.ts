import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@fd/platform';

/**
 * The projection of this service's log (see projection/): forms, violations, merchants and
 * penalty cases as the fold leaves them, and the scores per merchant and period derived
 * from them. Dates are kept as 'YYYY-MM-DD' text (mall time zone), as in the events.
 * The schema comes from the connection, so tests run on their own.
 */
export class ScoringReadModels1764400000000 implements MigrationInterface {
  name = 'ScoringReadModels1764400000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE ${s}.merchants (
        merchant_id text PRIMARY KEY,
        name        text NOT NULL,
        stall       text NOT NULL,
        category    text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE ${s}.forms (
        serial          text PRIMARY KEY,
        merchant_id     text NOT NULL,
        period          text NOT NULL,
        planned_date    text NOT NULL,
        due_date        text,
        status          text NOT NULL,
        rating          text,
        staff_id        text,
        staff_certified boolean,
        serviced_on     text,
        late            boolean NOT NULL,
        verified        boolean NOT NULL,
        forged          boolean NOT NULL
      )`);
    await q.query(`CREATE INDEX forms_by_merchant_period ON ${s}.forms (merchant_id, period)`);
    await q.query(`
      CREATE TABLE ${s}.violations (
        id          text PRIMARY KEY,
        merchant_id text NOT NULL,
        period      text NOT NULL,
        kind        text NOT NULL,
        serial      text,
        finding_id  text,
        case_id     text,
        status      text NOT NULL
      )`);
    await q.query(`CREATE INDEX violations_by_merchant_period ON ${s}.violations (merchant_id, period)`);
    await q.query(`
      CREATE TABLE ${s}.scores (
        merchant_id         text NOT NULL,
        period              text NOT NULL,
        score               double precision,
        satisfaction_rate   double precision,
        return_rate         double precision,
        forms_issued        integer NOT NULL,
        forms_due           integer NOT NULL,
        forms_filed         integer NOT NULL,
        qualified           integer NOT NULL,
        unqualified         integer NOT NULL,
        return_rate_warning boolean NOT NULL,
        PRIMARY KEY (merchant_id, period)
      )`);
    await q.query(`CREATE INDEX scores_by_period ON ${s}.scores (period, merchant_id)`);
    await q.query(`
      CREATE TABLE ${s}.penalty_cases (
        case_id     text PRIMARY KEY,
        merchant_id text NOT NULL,
        status      text NOT NULL,
        opened_at   timestamptz NOT NULL,
        state       jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX penalty_cases_newest_first ON ${s}.penalty_cases (opened_at DESC, case_id DESC)`);
    await q.query(`CREATE INDEX penalty_cases_by_merchant ON ${s}.penalty_cases (merchant_id, opened_at DESC, case_id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    for (const t of ['penalty_cases', 'scores', 'violations', 'forms', 'merchants']) await q.query(`DROP TABLE ${s}.${t}`);
  }
}
