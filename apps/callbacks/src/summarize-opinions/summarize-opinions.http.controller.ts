import { Controller, Get, Inject, Query } from '@nestjs/common';
import { parseInput, Roles, RUNTIME, ServiceRuntime } from '@fd/platform';
import { summarizeOpinionsRequest } from './summarize-opinions.request';

interface Count {
  category: string;
  merchant_id: string | null;
  count: number;
}

/** Most counted first, then by name; opinions that name no merchant count under merchantId null. */
function tally<K extends string>(counts: Count[], keyOf: (c: Count) => Record<K, string | null>) {
  const totals = new Map<string, { key: Record<K, string | null>; count: number }>();
  for (const c of counts) {
    const key = keyOf(c);
    const id = JSON.stringify(key);
    const t = totals.get(id) ?? { key, count: 0 };
    t.count += c.count;
    totals.set(id, t);
  }
  return [...totals.entries()]
    .sort(([a, x], [b, y]) => y.count - x.count || (a < b ? -1 : 1))
    .map(([, t]) => ({ ...t.key, count: t.count }));
}

/** The register counted by category and merchant per month, so the administration sees the main causes (docs/rules.md#customer-opinions). */
@Controller('api/v1/opinions')
export class SummarizeOpinionsController {
  constructor(@Inject(RUNTIME) private readonly rt: ServiceRuntime) {}

  @Roles('admin', 'clerk')
  @Get('summary')
  async summary(@Query() query: unknown) {
    const { period } = parseInput(summarizeOpinionsRequest, query);
    const counts: Count[] = await this.rt.ds.query(
      `SELECT category, merchant_id, count(*)::int AS count FROM "${this.rt.schema}".opinions WHERE period = $1 GROUP BY category, merchant_id`,
      [period],
    );
    return {
      period,
      total: counts.reduce((n, c) => n + c.count, 0),
      byCategory: tally(counts, (c) => ({ category: c.category })),
      byMerchant: tally(counts, (c) => ({ merchantId: c.merchant_id })),
      byCategoryAndMerchant: tally(counts, (c) => ({ category: c.category, merchantId: c.merchant_id })),
    };
  }
}
