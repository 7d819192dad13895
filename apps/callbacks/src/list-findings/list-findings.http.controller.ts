import { Controller, Get, Inject, Query } from '@nestjs/common';
import { CurrentUser, merchantFilter, parseInput, Principal, Roles, RUNTIME, ServiceRuntime, pageOf } from '@fd/platform';
import { maskPhoneNumbersInText } from '@fd/kernel';
import { filters } from '../shared/page';
import { listFindingsRequest } from './list-findings.request';

interface FindingRow {
  id: string;
  merchant_id: string;
  kind: 'service_without_form';
  serviced_on: string | null;
  purchase_id: string | null;
  note: string;
  recorded_on: string;
  recorded_at: Date;
}

/** Findings, newest first; a merchant sees only its own. */
@Controller('api/v1/findings')
export class ListFindingsController {
  constructor(@Inject(RUNTIME) private readonly rt: ServiceRuntime) {}

  @Roles('clerk', 'admin', 'merchant')
  @Get()
  async list(@Query() query: unknown, @CurrentUser() user: Principal) {
    const q = parseInput(listFindingsRequest, query);
    const merchantId = merchantFilter(user, q.merchantId);
    const f = filters();
    if (merchantId) f.where(`merchant_id = ${f.param(merchantId)}`);
    f.after(q.cursor, 'recorded_at', 'id');
    const rows: FindingRow[] = await this.rt.ds.query(
      `SELECT id, merchant_id, kind, serviced_on::text AS serviced_on, purchase_id, note, recorded_on::text AS recorded_on, recorded_at
         FROM "${this.rt.schema}".findings ${f.clause()} ORDER BY recorded_at DESC, id DESC LIMIT ${f.param(q.limit + 1)}`,
      f.params,
    );
    return pageOf(
      rows,
      q.limit,
      (r) => ({ at: r.recorded_at, id: r.id }),
      (r) => ({
        id: r.id,
        merchantId: r.merchant_id,
        kind: r.kind,
        ...(r.serviced_on ? { servicedOn: r.serviced_on } : {}),
        ...(r.purchase_id ? { purchaseId: r.purchase_id } : {}),
        note: user.role === 'merchant' ? maskPhoneNumbersInText(r.note) : r.note,
        recordedOn: r.recorded_on,
        recordedAt: r.recorded_at.toISOString(),
      }),
    );
  }
}
