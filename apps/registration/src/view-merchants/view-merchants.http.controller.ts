import { Controller, Get, Inject, Param } from '@nestjs/common';
import { assertMerchantScope, CurrentUser, merchantFilter, policyInForce, Principal, Roles, RUNTIME, ServiceRuntime } from '@fd/platform';
import { isSuspended, merchantNotFound } from '@fd/registration-domain';
import { findMerchant, listMerchants, MerchantRow } from '../read-models/merchant.read-model';

export interface MerchantView {
  id: string;
  name: string;
  stall: string;
  category: string;
  registeredAt: string;
  /** The last day (inclusive) of a suspension in force; absent when none is. */
  suspendedUntil?: string;
}

function merchantView(row: MerchantRow, now: Date, timeZone: string): MerchantView {
  const { suspendedUntil, ...rest } = row;
  return { ...rest, ...(isSuspended(suspendedUntil, now, timeZone) ? { suspendedUntil: suspendedUntil! } : {}) };
}

@Controller('api/v1/merchants')
export class ViewMerchantsController {
  constructor(@Inject(RUNTIME) private readonly rt: ServiceRuntime) {}

  /** Clerks and admins see every merchant; a merchant sees only itself. */
  @Roles('clerk', 'admin', 'merchant')
  @Get()
  async list(@CurrentUser() user: Principal): Promise<{ items: MerchantView[] }> {
    const [rows, now, { timeZone }] = await Promise.all([
      listMerchants(this.rt.ds, this.rt.schema, merchantFilter(user)),
      this.rt.clock.now(),
      policyInForce(this.rt.ds, this.rt.schema),
    ]);
    return { items: rows.map((r) => merchantView(r, now, timeZone)) };
  }

  @Roles('clerk', 'admin', 'merchant')
  @Get(':merchantId')
  async one(@Param('merchantId') merchantId: string, @CurrentUser() user: Principal): Promise<MerchantView> {
    assertMerchantScope(user, merchantId);
    const row = await findMerchant(this.rt.ds, this.rt.schema, merchantId);
    if (!row) throw merchantNotFound(merchantId);
    return merchantView(row, await this.rt.clock.now(), (await policyInForce(this.rt.ds, this.rt.schema)).timeZone);
  }
}
