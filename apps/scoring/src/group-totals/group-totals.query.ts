import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { acrossMalls, Clock, CLOCK, DEFAULT_MALL, EventStore, inMall, SERVICE_SCHEMA } from '@fd/platform';
import { localDate, periodOf } from '@fd/kernel';
import { formStatuses, GroupTotals, MallTotals } from '@fd/api';
import { currentPolicy } from '../policy/current-policy';
import { groupTotalsQuery } from './group-totals.request';

type Counts = Map<string, Record<string, number>>;

/**
 * The mall group's totals of one month (docs/api.md, `GET /group/totals`): one row per mall, read
 * across every mall (`acrossMalls`: the connection sees each mall's rows, and each row names its
 * mall) from the projection's tables, one query per figure grouped by mall. The month is the
 * period of the scores, of the forms (their planned date) and of the violations the cases are about.
 */
@Injectable()
export class GroupTotalsQuery {
  constructor(
    private readonly ds: DataSource,
    private readonly store: EventStore,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The current month in the default mall's time zone: the group has no time zone of its own. */
  private thisMonth(): Promise<string> {
    return inMall(DEFAULT_MALL, async () => {
      const policy = await currentPolicy(this.store, this.ds.manager);
      return periodOf(localDate(await this.clock.now(), policy.timeZone));
    });
  }

  async of(q: z.infer<typeof groupTotalsQuery>): Promise<GroupTotals> {
    const period = q.period ?? (await this.thisMonth());
    // every figure from the same snapshot, so a mall's row adds up
    const malls = await acrossMalls(() => this.ds.transaction('REPEATABLE READ', (m) => this.totals(m, period)));
    return { period, malls };
  }

  private async totals(m: EntityManager, period: string): Promise<MallTotals[]> {
    const s = `"${this.schema}"`;
    const counts = async (sql: string, params: unknown[] = []): Promise<Counts> => {
      const rows: Array<{ mall_id: string } & Record<string, unknown>> = await m.query(sql, params);
      return new Map(
        rows.map(({ mall_id, ...figures }) => [mall_id, Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, Number(v)]))]),
      );
    };
    const merchants = await counts(`SELECT mall_id, count(*) AS n FROM ${s}.merchants GROUP BY mall_id`);
    const scores = await counts(
      `SELECT mall_id, count(score) AS evaluated, count(*) FILTER (WHERE score = 0) AS zeroed,
              round(avg(score)::numeric, 1) AS average
         FROM ${s}.scores WHERE period = $1 GROUP BY mall_id`,
      [period],
    );
    const forms = await counts(
      `SELECT mall_id, ${formStatuses.map((st) => `count(*) FILTER (WHERE status = '${st}') AS ${st}`).join(', ')}
         FROM ${s}.forms WHERE period = $1 GROUP BY mall_id`,
      [period],
    );
    const cases = await counts(
      `SELECT mall_id, count(*) FILTER (WHERE status = 'open') AS open, count(*) AS total
         FROM ${s}.penalty_cases WHERE state->>'period' = $1 GROUP BY mall_id`,
      [period],
    );
    const mallIds = [...new Set([...merchants.keys(), ...scores.keys(), ...forms.keys(), ...cases.keys()])].sort();
    return mallIds.map((mallId) => {
      const sc = scores.get(mallId);
      const f = forms.get(mallId);
      const c = cases.get(mallId);
      return {
        mallId,
        merchants: merchants.get(mallId)?.n ?? 0,
        merchantsEvaluated: sc?.evaluated ?? 0,
        merchantsZeroed: sc?.zeroed ?? 0,
        averageScore: sc && sc.evaluated > 0 ? sc.average : null,
        forms: Object.fromEntries(formStatuses.map((st) => [st, f?.[st] ?? 0])) as MallTotals['forms'],
        penaltyCases: { open: c?.open ?? 0, total: c?.total ?? 0 },
      };
    });
  }
}
