import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { caseExportColumns, ExportLanguage, exportPenaltyCasesQuery, exportWord } from '@fd/api';
import { cursorRows, EventStore, localDateTime, merchantFilter, Principal, sendCsv, SERVICE_SCHEMA } from '@fd/platform';
import type { PenaltyCase } from '@fd/scoring-domain';
import { caseFor, caseView } from '../penalty-cases/penalty-case.read-model';
import { currentPolicy } from '../policy/current-policy';

interface ExportRow {
  state: PenaltyCase;
  merchant_name: string | null;
}

const yuan = (cents: number | undefined) => (cents === undefined ? '' : (cents / 100).toFixed(2));

/**
 * GET /api/v1/penalty-cases/export.csv: every case of the list's filters, newest first as the
 * list, streamed (docs/api.md#csv-exports). A merchant gets its own, with customers' phone
 * numbers masked in the free text as in the list.
 */
@Injectable()
export class PenaltyCasesExport {
  constructor(
    private readonly ds: DataSource,
    private readonly store: EventStore,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  async send(q: z.infer<typeof exportPenaltyCasesQuery>, viewer: Principal, lang: ExportLanguage, res: Response): Promise<number> {
    const merchantId = merchantFilter(viewer, q.merchantId);
    const { timeZone } = await currentPolicy(this.store, this.ds.manager);
    const where: string[] = [];
    const args: unknown[] = [];
    if (merchantId) where.push(`c.merchant_id = $${args.push(merchantId)}`);
    if (q.status) where.push(`c.status = $${args.push(q.status)}`);
    const w = (key: string) => exportWord(lang, key);
    return sendCsv<ExportRow>(res, {
      filename: `penalty-cases${q.status ? `-${q.status}` : ''}.csv`,
      header: caseExportColumns.map(w),
      batches: cursorRows<ExportRow>(
        this.ds,
        `SELECT c.state, m.name AS merchant_name
           FROM "${this.schema}".penalty_cases c LEFT JOIN "${this.schema}".merchants m ON m.merchant_id = c.merchant_id
          ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY c.opened_at DESC, c.case_id DESC`,
        args,
      ),
      row: ({ state, merchant_name }) => {
        const c = caseFor(viewer, caseView(state));
        return [
          c.id,
          merchant_name ?? c.merchantId,
          w(`kind.${c.kind}`),
          c.serial,
          c.period,
          w(`caseStatus.${c.status}`),
          localDateTime(c.openedAt, timeZone),
          c.appealDeadline,
          c.appeal?.statement,
          localDateTime(c.appeal?.submittedAt, timeZone),
          c.decision ? w(`decision.${c.decision.decision}`) : '',
          c.decision?.reason,
          localDateTime(c.decision?.decidedAt, timeZone),
          yuan(c.decision?.fineCents),
          c.decision?.suspendDays,
        ];
      },
    });
  }
}
