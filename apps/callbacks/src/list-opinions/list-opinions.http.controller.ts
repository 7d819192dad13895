import { Controller, Get, Inject, Query } from '@nestjs/common';
import { CurrentUser, merchantFilter, parseInput, Principal, Roles, RUNTIME, ServiceRuntime, pageOf } from '@fd/platform';
import { maskPhoneNumbersInText } from '@fd/kernel';
import { OpinionChannel } from '@fd/callbacks-domain';
import { filters } from '../shared/page';
import { listOpinionsRequest } from './list-opinions.request';

interface OpinionRow {
  id: string;
  channel: OpinionChannel;
  category: string;
  merchant_id: string | null;
  text: string;
  registered_on: string;
  registered_at: Date;
}

/** The register, newest first; a merchant sees only the opinions that name it. */
@Controller('api/v1/opinions')
export class ListOpinionsController {
  constructor(@Inject(RUNTIME) private readonly rt: ServiceRuntime) {}

  @Roles('clerk', 'admin', 'merchant')
  @Get()
  async list(@Query() query: unknown, @CurrentUser() user: Principal) {
    const q = parseInput(listOpinionsRequest, query);
    const merchantId = merchantFilter(user, q.merchantId);
    const f = filters();
    if (q.period) f.where(`period = ${f.param(q.period)}`);
    if (merchantId) f.where(`merchant_id = ${f.param(merchantId)}`);
    if (q.category) f.where(`category = ${f.param(q.category)}`);
    f.after(q.cursor, 'registered_at', 'id');
    const rows: OpinionRow[] = await this.rt.ds.query(
      `SELECT id, channel, category, merchant_id, text, registered_on::text AS registered_on, registered_at
         FROM "${this.rt.schema}".opinions ${f.clause()} ORDER BY registered_at DESC, id DESC LIMIT ${f.param(q.limit + 1)}`,
      f.params,
    );
    return pageOf(
      rows,
      q.limit,
      (r) => ({ at: r.registered_at, id: r.id }),
      (r) => ({
        id: r.id,
        channel: r.channel,
        category: user.role === 'merchant' ? maskPhoneNumbersInText(r.category) : r.category,
        ...(r.merchant_id ? { merchantId: r.merchant_id } : {}),
        text: user.role === 'merchant' ? maskPhoneNumbersInText(r.text) : r.text,
        registeredOn: r.registered_on,
        registeredAt: r.registered_at.toISOString(),
      }),
    );
  }
}
