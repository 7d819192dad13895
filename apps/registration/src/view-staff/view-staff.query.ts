import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assertMerchantScope, Clock, CLOCK, policyInForce, Principal, SERVICE_SCHEMA } from '@fd/platform';
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

/** A merchant's service staff with their certificates' status today; a merchant sees only its own. */
@Injectable()
export class MerchantStaff {
  constructor(
    private readonly ds: DataSource,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(merchantId: string, viewer: Principal): Promise<{ items: StaffView[] }> {
    assertMerchantScope(viewer, merchantId);
    if (!(await findMerchant(this.ds, this.schema, merchantId))) throw merchantNotFound(merchantId);
    const [rows, now, { timeZone }] = await Promise.all([
      listStaff(this.ds, this.schema, merchantId),
      this.clock.now(),
      policyInForce(this.ds, this.schema),
    ]);
    return { items: rows.map((r) => staffView(viewer, r, now, timeZone)) };
  }
}
