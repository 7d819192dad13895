import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { builtInOpinionCategories, ExportLanguage, OpinionCategory, OpinionCategoryStatus } from '@fd/api';
import { currentMall, EVERY_MALL, SERVICE_SCHEMA } from '@fd/platform';
import { notFound, ruleRefuses } from '@fd/kernel';

interface CategoryRow {
  code: string;
  label_zh_hant: string;
  label_zh_hans: string;
  label_en: string;
  status: OpinionCategoryStatus;
  built_in: boolean;
  added_at: Date | null;
  retired_at: Date | null;
}

const view = (r: CategoryRow): OpinionCategory => ({
  code: r.code,
  labels: { 'zh-Hant': r.label_zh_hant, 'zh-Hans': r.label_zh_hans, en: r.label_en },
  status: r.status,
  builtIn: r.built_in,
  ...(r.added_at ? { addedAt: r.added_at.toISOString() } : {}),
  ...(r.retired_at ? { retiredAt: r.retired_at.toISOString() } : {}),
});

/** The managed list of opinion categories, in the order they were added (the read model of their events). */
@Injectable()
export class OpinionCategories {
  constructor(
    private readonly ds: DataSource,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  /** The malls whose list holds the built-in categories (each mall manages its own list). */
  private readonly withBuiltIns = new Set<string>();

  /**
   * A mall's list starts with the built-in categories: the default mall's since the list exists
   * (OpinionCategories1796400000000), another mall's from the first time it is read.
   */
  private async builtInsOfTheMall(): Promise<void> {
    const mall = currentMall();
    if (!mall || mall === EVERY_MALL || this.withBuiltIns.has(mall)) return;
    const c = builtInOpinionCategories;
    // on a connection of its own, committed at once, whatever the caller's transaction does after
    await this.ds.query(
      `INSERT INTO "${this.schema}".opinion_categories (code, label_zh_hant, label_zh_hans, label_en, status, built_in)
       SELECT code, zh_hant, zh_hans, en, 'active', true FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS b(code, zh_hant, zh_hans, en)
       ON CONFLICT (mall_id, code) DO NOTHING`,
      [c.map((x) => x.code), c.map((x) => x.labels['zh-Hant']), c.map((x) => x.labels['zh-Hans']), c.map((x) => x.labels.en)],
    );
    this.withBuiltIns.add(mall);
  }

  async list(status?: OpinionCategoryStatus, m: Pick<EntityManager, 'query'> = this.ds): Promise<OpinionCategory[]> {
    await this.builtInsOfTheMall();
    const rows: CategoryRow[] = await m.query(
      `SELECT * FROM "${this.schema}".opinion_categories ${status ? 'WHERE status = $1' : ''} ORDER BY position`,
      status ? [status] : [],
    );
    return rows.map(view);
  }

  async find(code: string, m: Pick<EntityManager, 'query'> = this.ds): Promise<OpinionCategory | undefined> {
    await this.builtInsOfTheMall();
    const rows: CategoryRow[] = await m.query(`SELECT * FROM "${this.schema}".opinion_categories WHERE code = $1`, [code]);
    return rows[0] && view(rows[0]);
  }

  async one(code: string): Promise<OpinionCategory> {
    const c = await this.find(code);
    if (!c) throw notFound('CATEGORY_NOT_FOUND', `There is no category with the code ${code}.`);
    return c;
  }

  /** Refuses a code an opinion may not take: unknown, or retired. */
  async assertOpen(code: string, m: Pick<EntityManager, 'query'>): Promise<void> {
    const c = await this.find(code, m);
    if (!c)
      throw ruleRefuses('UNKNOWN_CATEGORY', `There is no opinion category with the code ${code}; GET /opinion-categories lists them.`, [
        { field: 'category', message: 'not a category code' },
      ]);
    if (c.status === 'retired')
      throw ruleRefuses('CATEGORY_RETIRED', `The category ${code} (${c.labels.en}) was retired; choose an active one.`, [
        { field: 'category', message: 'a retired category' },
      ]);
  }

  /** Each code's label in `lang`. */
  async labels(lang: ExportLanguage): Promise<Map<string, string>> {
    return new Map((await this.list()).map((c) => [c.code, c.labels[lang]]));
  }
}
