import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ExportLanguage, OpinionCategory, OpinionCategoryStatus } from '@fd/api';
import { SERVICE_SCHEMA } from '@fd/platform';
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

  async list(status?: OpinionCategoryStatus, m: Pick<EntityManager, 'query'> = this.ds): Promise<OpinionCategory[]> {
    const rows: CategoryRow[] = await m.query(
      `SELECT * FROM "${this.schema}".opinion_categories ${status ? 'WHERE status = $1' : ''} ORDER BY position`,
      status ? [status] : [],
    );
    return rows.map(view);
  }

  async find(code: string, m: Pick<EntityManager, 'query'> = this.ds): Promise<OpinionCategory | undefined> {
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
