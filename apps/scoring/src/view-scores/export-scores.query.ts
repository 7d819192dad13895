import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { ExportLanguage, exportWord, scoreExportColumns } from '@fd/api';
import { cursorRows, EventStore, sendCsv, SERVICE_SCHEMA } from '@fd/platform';
import { fairSample, minFormsToCompare } from '@fd/scoring-domain';
import { currentPolicy } from '../policy/current-policy';

interface ExportRow {
  merchant_id: string;
  name: string | null;
  stall: string | null;
  score: number | null;
  satisfaction_rate: number | null;
  return_rate: number | null;
  forms_issued: number | null;
  forms_due: number | null;
  forms_filed: number | null;
  qualified: number | null;
  unqualified: number | null;
  return_rate_warning: boolean | null;
}

/**
 * GET /api/v1/scores/export.csv: every merchant's evaluation of a month, as GET /scores lists
 * them (by stall), streamed (docs/api.md#csv-exports). A month without data reads as 0 forms
 * and empty figures.
 */
@Injectable()
export class ScoresExport {
  constructor(
    private readonly ds: DataSource,
    private readonly store: EventStore,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  async send(period: string, lang: ExportLanguage, res: Response): Promise<number> {
    const s = this.schema;
    const min = minFormsToCompare(await currentPolicy(this.store, this.ds.manager));
    const w = (key: string) => exportWord(lang, key);
    return sendCsv<ExportRow>(res, {
      filename: `scores-${period}.csv`,
      header: scoreExportColumns.map(w),
      batches: cursorRows<ExportRow>(
        this.ds,
        `SELECT COALESCE(m.merchant_id, sc.merchant_id) AS merchant_id, m.name, m.stall, sc.score, sc.satisfaction_rate,
                sc.return_rate, sc.forms_issued, sc.forms_due, sc.forms_filed, sc.qualified, sc.unqualified, sc.return_rate_warning
           FROM "${s}".merchants m
           FULL JOIN (SELECT * FROM "${s}".scores WHERE period = $1) sc ON sc.merchant_id = m.merchant_id
          ORDER BY m.stall NULLS LAST, m.name, 1`,
        [period],
      ),
      row: (r) => {
        // the count and 95 % Wilson interval beside the satisfaction rate (docs/rules.md#figures)
        const sample = fairSample(r.qualified ?? 0, r.unqualified ?? 0, min);
        return [
          r.name ?? r.merchant_id,
          r.stall,
          r.score,
          r.satisfaction_rate,
          sample.satisfactionCount,
          sample.satisfactionLower,
          sample.satisfactionUpper,
          sample.tooFewToCompare ? w('yes') : '',
          r.return_rate,
          r.forms_issued ?? 0,
          r.forms_due ?? 0,
          r.forms_filed ?? 0,
          r.qualified ?? 0,
          r.unqualified ?? 0,
          r.return_rate_warning ? w('yes') : '',
        ];
      },
    });
  }
}
