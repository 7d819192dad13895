import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import {
  assertMerchantScope,
  CurrentUser,
  merchantFilter,
  parseInput,
  Principal,
  Roles,
  RUNTIME,
  ServiceRuntime,
  pageOf,
} from '@fd/platform';
import { callbackNotFound } from '@fd/callbacks-domain';
import { CallbackRow, callbackSelect, callbackView, findCallback } from '../callback-tasks/callback.view';
import { filters } from '../shared/page';
import { listCallbacksRequest } from './list-callbacks.request';

/** Clerks and the administration see every task; a merchant only its own. */
@Controller('api/v1/callbacks')
export class ListCallbacksController {
  constructor(@Inject(RUNTIME) private readonly rt: ServiceRuntime) {}

  @Roles('clerk', 'admin', 'merchant')
  @Get()
  async list(@Query() query: unknown, @CurrentUser() user: Principal) {
    const q = parseInput(listCallbacksRequest, query);
    const merchantId = merchantFilter(user, q.merchantId);
    const f = filters();
    if (q.status) f.where(`c.status = ${f.param(q.status)}`);
    if (merchantId) f.where(`c.merchant_id = ${f.param(merchantId)}`);
    if (q.serial) f.where(`c.serial = ${f.param(q.serial)}`);
    f.after(q.cursor, 'c.opened_at', 'c.id');
    const rows: CallbackRow[] = await this.rt.ds.query(
      `${callbackSelect(this.rt.schema)} ${f.clause()} ORDER BY c.opened_at DESC, c.id DESC LIMIT ${f.param(q.limit + 1)}`,
      f.params,
    );
    return pageOf(
      rows,
      q.limit,
      (r) => ({ at: r.opened_at, id: r.id }),
      (r) => callbackView(r, user),
    );
  }

  @Roles('clerk', 'admin', 'merchant')
  @Get(':callbackId')
  async one(@Param('callbackId') callbackId: string, @CurrentUser() user: Principal) {
    const row = await findCallback(this.rt.ds.manager, this.rt.schema, callbackId);
    if (!row) throw callbackNotFound(callbackId);
    assertMerchantScope(user, row.merchant_id);
    return callbackView(row, user);
  }
}
