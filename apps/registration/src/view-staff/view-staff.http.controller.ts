import { Controller, Get, Inject, Param } from '@nestjs/common';
import { assertMerchantScope, CurrentUser, policyInForce, Principal, Roles, RUNTIME, ServiceRuntime } from '@fd/platform';
import { localDate } from '@fd/kernel';
import { certificateStatus, merchantNotFound } from '@fd/registration-domain';
import { findMerchant } from '../read-models/merchant.read-model';
import { listStaff, StaffRow } from '../read-models/staff.read-model';
import { phoneFor, textFor } from '../shared/customer';

export interface StaffView {
  id: string;
  merchantId: string;
  name: string;
  /** Whole for clerks and admins, masked for merchants. */
  phone: string;
  certificateNo: string;
  certificateValidUntil: string;
  /** Today, in the mall's time zone (the policy's). */
  certificateStatus: 'valid' | 'expired' | 'revoked';
  registeredAt: string;
  revokedOn?: string;
  revokeReason?: string;
}

export function staffView(user: Principal, row: StaffRow, now: Date, timeZone: string): StaffView {
  return {
    id: row.id,
    merchantId: row.merchantId,
    name: row.name,
    phone: phoneFor(user, row.phone),
    certificateNo: row.certificateNo,
    certificateValidUntil: row.certificateValidUntil,
    certificateStatus: certificateStatus(row, localDate(now, timeZone)),
    registeredAt: row.registeredAt,
    ...(row.revokedOn !== null ? { revokedOn: row.revokedOn, revokeReason: textFor(user, row.revokeReason ?? '') } : {}),
  };
}

@Controller('api/v1/merchants/:merchantId/staff')
export class ViewStaffController {
  constructor(@Inject(RUNTIME) private readonly rt: ServiceRuntime) {}

  @Roles('clerk', 'admin', 'merchant')
  @Get()
  async list(@Param('merchantId') merchantId: string, @CurrentUser() user: Principal): Promise<{ items: StaffView[] }> {
    assertMerchantScope(user, merchantId);
    if (!(await findMerchant(this.rt.ds, this.rt.schema, merchantId))) throw merchantNotFound(merchantId);
    const [rows, now, { timeZone }] = await Promise.all([
      listStaff(this.rt.ds, this.rt.schema, merchantId),
      this.rt.clock.now(),
      policyInForce(this.rt.ds, this.rt.schema),
    ]);
    return { items: rows.map((r) => staffView(user, r, now, timeZone)) };
  }
}
