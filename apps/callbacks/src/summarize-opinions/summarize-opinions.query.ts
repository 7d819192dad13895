import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ExportLanguage } from '@fd/api';
import { SERVICE_SCHEMA } from '@fd/platform';
import { OpinionCategories } from '../opinion-categories/opinion-categories.query';

interface Count {
  category: string;
  channel: string;
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
@Injectable()
export class OpinionSummary {
  constructor(
    private readonly ds: DataSource,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
    private readonly categories: OpinionCategories,
  ) {}

  /** Counted by category code, each with its label in `lang` (the code itself if the list has none). */
  async of(period: string, lang: ExportLanguage) {
    const labels = await this.categories.labels(lang);
    const label = (code: string) => labels.get(code) ?? code;
    const counts: Count[] = await this.ds.query(
      `SELECT category, channel, merchant_id, count(*)::int AS count FROM "${this.schema}".opinions WHERE period = $1 GROUP BY category, channel, merchant_id`,
      [period],
    );
    return {
      period,
      total: counts.reduce((n, c) => n + c.count, 0),
      byCategory: tally(counts, (c) => ({ category: c.category })).map((r) => ({
        category: r.category!,
        label: label(r.category!),
        count: r.count,
      })),
      byMerchant: tally(counts, (c) => ({ merchantId: c.merchant_id })),
      byCategoryAndMerchant: tally(counts, (c) => ({ category: c.category, merchantId: c.merchant_id })).map((r) => ({
        category: r.category!,
        label: label(r.category!),
        merchantId: r.merchantId,
        count: r.count,
      })),
      byChannel: tally(counts, (c) => ({ channel: c.channel })).map((r) => ({ channel: r.channel!, count: r.count })),
      byChannelAndMerchant: tally(counts, (c) => ({ channel: c.channel, merchantId: c.merchant_id })).map((r) => ({
        channel: r.channel!,
        merchantId: r.merchantId,
        count: r.count,
      })),
    };
  }
}
