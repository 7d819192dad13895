import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { assertMerchantScope, merchantFilter, Page, pageOf, Principal, SERVICE_SCHEMA } from '@fd/platform';
import { callbackNotFound } from '@fd/callbacks-domain';
import { CallbackRow, callbackSelect, CallbackView, callbackView, findCallback } from '../callback-tasks/callback.view';
import { filters } from '../shared/page';
import { listCallbacksRequest } from './list-callbacks.request';

export type ListCallbacksQuery = z.infer<typeof listCallbacksRequest>;

/** Clerks and the administration see every task; a merchant only its own. */
@Injectable()
export class CallbackTasks {
  constructor(
    private readonly ds: DataSource,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  async list(q: ListCallbacksQuery, viewer: Principal): Promise<Page<CallbackView>> {
    const merchantId = merchantFilter(viewer, q.merchantId);
    const f = filters();
    if (q.status) f.where(`c.status = ${f.param(q.status)}`);
    if (merchantId) f.where(`c.merchant_id = ${f.param(merchantId)}`);
    if (q.serial) f.where(`c.serial = ${f.param(q.serial)}`);
    if (q.reason) f.where(`c.reason = ${f.param(q.reason)}`);
    f.after(q.cursor, 'c.opened_at', 'c.id');
    const rows: CallbackRow[] = await this.ds.query(
      `${callbackSelect(this.schema)} ${f.clause()} ORDER BY c.opened_at DESC, c.id DESC LIMIT ${f.param(q.limit + 1)}`,
      f.params,
    );
    return pageOf(
      rows,
      q.limit,
      (r) => ({ at: r.opened_at, id: r.id }),
      (r) => callbackView(r, viewer),
    );
  }

  async one(callbackId: string, viewer: Principal): Promise<CallbackView> {
    const row = await findCallback(this.ds.manager, this.schema, callbackId);
    if (!row) throw callbackNotFound(callbackId);
    assertMerchantScope(viewer, row.merchant_id);
    return callbackView(row, viewer);
  }
}
