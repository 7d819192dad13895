import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { assertMerchantScope, CurrentUser, parseInput, Principal, Roles, RUNTIME, ServiceRuntime } from '@fd/platform';
import { lastPeriods, localDate, periodOf } from '@fd/kernel';
import { Scorecard, scorecard, ScoreFigures } from '@fd/scoring-domain';
import { formsIn, ScoreRow, toScore, violationsIn } from '../projection/projection.tables';
import { currentPolicy } from '../policy/current-policy';
import { scoresQuery, trendQuery } from './view-scores.request';

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

export interface MerchantScoreRow extends ScoreFigures {
  merchantId: string;
  name: string | null;
  stall: string | null;
  period: string;
}

@Controller('api/v1')
export class ViewScoresController {
  constructor(@Inject(RUNTIME) private readonly rt: ServiceRuntime) {}

  private async thisMonth(): Promise<string> {
    const policy = await currentPolicy(this.rt.store, this.rt.ds.manager);
    return periodOf(localDate(await this.rt.clock.now(), policy.timeZone));
  }

  /** One merchant's evaluation of one month, with the forms and violations behind each figure. */
  @Roles('merchant', 'admin', 'clerk')
  @Get('merchants/:merchantId/scores')
  async scorecard(@Param('merchantId') merchantId: string, @Query() query: unknown, @CurrentUser() user: Principal): Promise<Scorecard> {
    assertMerchantScope(user, merchantId);
    const q = parseInput(scoresQuery, query);
    const period = q.period ?? (await this.thisMonth());
    // the figures are computed from the very rows listed, so they always explain each other
    return this.rt.ds.transaction('REPEATABLE READ', async (m) =>
      scorecard(
        merchantId,
        period,
        await formsIn(m, this.rt.schema, merchantId, period),
        await violationsIn(m, this.rt.schema, merchantId, period),
      ),
    );
  }

  /** The 12 months up to `to`, oldest first. */
  @Roles('merchant', 'admin', 'clerk')
  @Get('merchants/:merchantId/scores/trend')
  async trend(@Param('merchantId') merchantId: string, @Query() query: unknown, @CurrentUser() user: Principal) {
    assertMerchantScope(user, merchantId);
    const q = parseInput(trendQuery, query);
    const periods = lastPeriods(q.to ?? (await this.thisMonth()), 12);
    const rows: ScoreRow[] = (
      await this.rt.ds.query(`SELECT * FROM "${this.rt.schema}".scores WHERE merchant_id = $1 AND period = ANY($2)`, [merchantId, periods])
    ).map(toScore);
    const byPeriod = new Map(rows.map((r) => [r.period, figures(r)]));
    return {
      merchantId,
      to: periods[periods.length - 1],
      items: periods.map((period) => ({ period, ...(byPeriod.get(period) ?? NO_DATA) })),
    };
  }

  /** Every merchant's row of one month for the administration, those without data included. */
  @Roles('admin')
  @Get('scores')
  async all(@Query() query: unknown): Promise<{ period: string; items: MerchantScoreRow[] }> {
    const q = parseInput(scoresQuery, query);
    const period = q.period ?? (await this.thisMonth());
    const s = this.rt.schema;
    const rows = await this.rt.ds.query(
      `SELECT COALESCE(m.merchant_id, sc.merchant_id) AS merchant_id, m.name, m.stall, sc.period, sc.score, sc.satisfaction_rate,
              sc.return_rate, sc.forms_issued, sc.forms_due, sc.forms_filed, sc.qualified, sc.unqualified, sc.return_rate_warning
         FROM "${s}".merchants m
         FULL JOIN (SELECT * FROM "${s}".scores WHERE period = $1) sc ON sc.merchant_id = m.merchant_id
        ORDER BY m.stall NULLS LAST, m.name, 1`,
      [period],
    );
    return {
      period,
      items: rows.map((r: { merchant_id: string; name: string | null; stall: string | null; period: string | null }) => ({
        merchantId: r.merchant_id,
        name: r.name,
        stall: r.stall,
        period,
        ...(r.period ? figures(toScore(r)) : NO_DATA),
      })),
    };
  }
}
