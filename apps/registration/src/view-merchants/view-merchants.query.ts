import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assertMerchantScope, Clock, CLOCK, merchantFilter, policyInForce, Principal, SERVICE_SCHEMA } from '@fd/platform';
import { isSuspended, merchantNotFound } from '@fd/registration-domain';
import { findMerchant, listMerchants, MerchantRow } from '../read-models/merchant.read-model';

export interface MerchantView {
  id: string;
  name: string;
  stall: string;
  category: string;
  /** The mall's short number (M-0001), the one printed on cards and forms. */
  number: string;
  registeredAt: string;
  /** The last day (inclusive) of a suspension in force; absent when none is. */
  suspendedUntil?: string;
}

function merchantView(row: MerchantRow, now: Date, timeZone: string): MerchantView {
  const { suspendedUntil, ...rest } = row;
  return { ...rest, ...(isSuspended(suspendedUntil, now, timeZone) ? { suspendedUntil: suspendedUntil! } : {}) };
}

/** The registry: clerks and admins see every merchant; a merchant sees only itself. */
@Injectable()
export class Merchants {
  constructor(
    private readonly ds: DataSource,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(viewer: Principal): Promise<{ items: MerchantView[] }> {
    const [rows, now, { timeZone }] = await Promise.all([
      listMerchants(this.ds, this.schema, merchantFilter(viewer)),
      this.clock.now(),
      policyInForce(this.ds, this.schema),
    ]);
    return { items: rows.map((r) => merchantView(r, now, timeZone)) };
  }

  async one(merchantId: string, viewer: Principal): Promise<MerchantView> {
    assertMerchantScope(viewer, merchantId);
    const row = await findMerchant(this.ds, this.schema, merchantId);
    if (!row) throw merchantNotFound(merchantId);
    return merchantView(row, await this.clock.now(), (await policyInForce(this.ds, this.schema)).timeZone);
  }
}
