import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { Clock, CLOCK, EventStore, SERVICE_SCHEMA } from '@fd/platform';
import { lastPeriods, localDate, periodOf } from '@fd/kernel';
import { byLowerBound, FairSample, fairSample, minFormsToCompare, Scorecard, scorecard, ScoreFigures } from '@fd/scoring-domain';
import { formsIn, ScoreRow, toScore, violationsIn } from '../projection/projection.tables';
import { currentPolicy } from '../policy/current-policy';
import { listScoresQuery, scoresQuery, trendQuery } from './view-scores.request';

/** A month with neither forms nor violations: no data. */
const NO_DATA: ScoreFigures = {
  score: null,
  satisfactionRate: null,
  returnRate: null,
  formsIssued: 0,
  formsDue: 0,
  formsFiled: 0,
  qualified: 0,
  unqualified: 0,
  returnRateWarning: false,
};

const figures = ({ merchantId: _m, period: _p, ...f }: ScoreRow): ScoreFigures => f;

/** The figures with the count and the Wilson interval of the satisfaction rate beside it (docs/rules.md#figures). */
const withSample = <F extends ScoreFigures>(f: F, min: number): F & FairSample => ({
  ...f,
  ...fairSample(f.qualified, f.unqualified, min),
});

export interface MerchantScoreRow extends ScoreFigures, FairSample {
  merchantId: string;
  name: string | null;
  stall: string | null;
  period: string;
}

@Injectable()
export class Scores {
  constructor(
    private readonly ds: DataSource,
    private readonly store: EventStore,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The current month in the mall's time zone. */
  async thisMonth(): Promise<string> {
    const policy = await currentPolicy(this.store, this.ds.manager);
    return periodOf(localDate(await this.clock.now(), policy.timeZone));
  }

  /** The policy's least count of a satisfaction rate to compare it. */
  private async minimum(): Promise<number> {
    return minFormsToCompare(await currentPolicy(this.store, this.ds.manager));
  }

  /** One merchant's evaluation of one month, with the forms and violations behind each figure. */
  async scorecard(merchantId: string, q: z.infer<typeof scoresQuery>): Promise<Scorecard & FairSample> {
    const period = q.period ?? (await this.thisMonth());
    const min = await this.minimum();
    // the figures are computed from the very rows listed, so they always explain each other
    return this.ds.transaction('REPEATABLE READ', async (m) =>
      withSample(
        scorecard(
          merchantId,
          period,
          await formsIn(m, this.schema, merchantId, period),
          await violationsIn(m, this.schema, merchantId, period),
        ),
        min,
      ),
    );
  }

  /** The 12 months up to `to`, oldest first. */
  async trend(merchantId: string, q: z.infer<typeof trendQuery>) {
    const periods = lastPeriods(q.to ?? (await this.thisMonth()), 12);
    const rows: ScoreRow[] = (
      await this.ds.query(`SELECT * FROM "${this.schema}".scores WHERE merchant_id = $1 AND period = ANY($2)`, [merchantId, periods])
    ).map(toScore);
    const byPeriod = new Map(rows.map((r) => [r.period, figures(r)]));
    const min = await this.minimum();
    return {
      merchantId,
      to: periods[periods.length - 1],
      items: periods.map((period) => ({ period, ...withSample(byPeriod.get(period) ?? NO_DATA, min) })),
    };
  }

  /** Every merchant's row of one month for the administration, those without data included. */
  async all(q: z.infer<typeof listScoresQuery>): Promise<{ period: string; items: MerchantScoreRow[] }> {
    const period = q.period ?? (await this.thisMonth());
    const min = await this.minimum();
    const s = this.schema;
    const rows = await this.ds.query(
      `SELECT COALESCE(m.merchant_id, sc.merchant_id) AS merchant_id, m.name, m.stall, sc.period, sc.score, sc.satisfaction_rate,
              sc.return_rate, sc.forms_issued, sc.forms_due, sc.forms_filed, sc.qualified, sc.unqualified, sc.return_rate_warning
         FROM "${s}".merchants m
         FULL JOIN (SELECT * FROM "${s}".scores WHERE period = $1) sc ON sc.merchant_id = m.merchant_id
        ORDER BY m.stall NULLS LAST, m.name, 1`,
      [period],
    );
    const items: MerchantScoreRow[] = rows.map(
      (r: { merchant_id: string; name: string | null; stall: string | null; period: string | null }) => ({
        merchantId: r.merchant_id,
        name: r.name,
        stall: r.stall,
        period,
        ...withSample(r.period ? figures(toScore(r)) : NO_DATA, min),
      }),
    );
    // ranked by the lower bound, comparable merchants first; ties keep the order by stall
    return { period, items: q.sort === 'lowerBound' ? byLowerBound(items, min) : items };
  }
}
