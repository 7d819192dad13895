import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ExportLanguage, exportFormsQuery, exportWord, formExportColumns } from '@fd/api';
import { cursorRows, localDateTime, policyInForce, Principal, sendCsv, SERVICE_SCHEMA } from '@fd/platform';
import { FormViews } from './form.view';

interface ExportRow {
  serial: string;
  merchant_id: string;
  merchant_name: string | null;
  service_type: string;
  visit: number;
  planned_date: string;
  due_date: string;
  status: string;
  rating: string | null;
  staff_certified: boolean | null;
  serviced_on: string | null;
  issued_at: Date;
  filed_at: Date | null;
  card_no: string;
}

/**
 * GET /api/v1/forms/export.csv: the forms of the list's filters, every one of them, in serial
 * order, streamed (docs/api.md#csv-exports); times in the mall's time zone, words in `lang`.
 */
@Injectable()
export class FormsExport {
  constructor(
    private readonly ds: DataSource,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
    private readonly views: FormViews,
  ) {}

  async send(q: z.infer<typeof exportFormsQuery>, viewer: Principal, lang: ExportLanguage, res: Response): Promise<number> {
    // the merchant's scope is checked here, before the first byte is written
    const { where, args } = this.views.filters({ merchantId: q.merchantId, status: q.status, period: q.period }, viewer);
    const { timeZone } = await policyInForce(this.ds, this.schema);
    const w = (key: string) => exportWord(lang, key);
    return sendCsv<ExportRow>(res, {
      filename: `forms-${q.period ?? 'all'}${q.status ? `-${q.status}` : ''}.csv`,
      header: formExportColumns.map(w),
      batches: cursorRows<ExportRow>(
        this.ds,
        `SELECT f.serial, f.merchant_id, m.name AS merchant_name, f.service_type, f.visit, f.planned_date::text AS planned_date,
                f.due_date::text AS due_date, f.status, f.rating, f.staff_certified, f.serviced_on::text AS serviced_on,
                f.issued_at, f.filed_at, f.card_no
           FROM (SELECT * FROM "${this.schema}".forms ${where}) f
           LEFT JOIN "${this.schema}".merchants m ON m.merchant_id = f.merchant_id
          ORDER BY f.serial`,
        args,
      ),
      row: (r) => [
        r.serial,
        r.merchant_name ?? r.merchant_id,
        w(`service.${r.service_type}`),
        r.visit,
        r.planned_date,
        r.due_date,
        w(`formStatus.${r.status}`),
        r.rating ? w(`rating.${r.rating}`) : '',
        r.staff_certified === null ? '' : w(r.staff_certified ? 'yes' : 'no'),
        r.serviced_on,
        localDateTime(r.issued_at, timeZone),
        localDateTime(r.filed_at, timeZone),
        r.card_no,
      ],
    });
  }
}
