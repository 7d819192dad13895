import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { MerchantNumbered, MerchantRegistered, PayloadOf, StaffCertificateRevoked, StaffRegistered } from '@fd/contracts';
import { EventContext, SERVICE_SCHEMA } from '@fd/platform';
import { FormStreams } from '../form/form-streams';
import { findStaff } from './staff';

/**
 * What registration tells us about merchants and their service staff: the staff decide
 * whether a filed service was qualified, the merchants' names go on the printed form.
 */
@Controller()
export class RecordStaffWhenRegistered {
  constructor(
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
    private readonly forms: FormStreams,
  ) {}

  @EventPattern(StaffRegistered.type)
  async onStaffRegistered(@Payload() p: PayloadOf<typeof StaffRegistered>, @Ctx() ctx: EventContext) {
    // a registration again (a renewed certificate) updates the record; a revocation stays
    await ctx.tx.query(
      `INSERT INTO "${this.schema}".staff (staff_id, merchant_id, name, certificate_no, certificate_valid_until)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (staff_id) DO UPDATE SET merchant_id = EXCLUDED.merchant_id, name = EXCLUDED.name,
         certificate_no = EXCLUDED.certificate_no, certificate_valid_until = EXCLUDED.certificate_valid_until`,
      [p.staffId, p.merchantId, p.name, p.certificateNo, p.certificateValidUntil],
    );
    await this.reassessFilingsOf(p.staffId, ctx);
  }

  /**
   * Filings that named this staff member before we had heard of them were judged "staff unknown";
   * each is judged again, as of its service date, if the staff member was registered before it was
   * filed (docs/rules.md#example-r4-staff-registered-just-before-the-filing). Redelivered, it finds
   * nothing left to judge.
   */
  private async reassessFilingsOf(staffId: string, ctx: EventContext) {
    const staff = await findStaff(ctx.tx, this.schema, staffId);
    if (!staff) return;
    const rows: Array<{ serial: string }> = await ctx.tx.query(
      `SELECT serial FROM "${this.schema}".forms WHERE staff_id = $1 AND uncertified_reason = 'staff_unknown' ORDER BY serial`,
      [staffId],
    );
    for (const { serial } of rows)
      await this.forms.handle(
        ctx.tx,
        serial,
        { type: 'ReassessCertification', staff, registeredAt: ctx.envelope.occurredAt, now: ctx.meta().now },
        ctx.meta(),
      );
  }

  @EventPattern(StaffCertificateRevoked.type)
  async onCertificateRevoked(@Payload() p: PayloadOf<typeof StaffCertificateRevoked>, @Ctx() ctx: EventContext) {
    // the earliest revocation counts: a later one cannot re-qualify services in between
    await ctx.tx.query(
      `UPDATE "${this.schema}".staff
          SET revoked_on = LEAST(COALESCE(revoked_on, $2::date), $2::date),
              revoke_reason = CASE WHEN revoked_on IS NULL OR $2::date < revoked_on THEN $3 ELSE revoke_reason END
        WHERE staff_id = $1`,
      [p.staffId, p.revokedOn, p.reason],
    );
  }

  @EventPattern(MerchantRegistered.type)
  async onMerchantRegistered(@Payload() p: PayloadOf<typeof MerchantRegistered>, @Ctx() ctx: EventContext) {
    await ctx.tx.query(
      `INSERT INTO "${this.schema}".merchants (merchant_id, name, stall, number) VALUES ($1, $2, $3, $4)
       ON CONFLICT (merchant_id) DO UPDATE SET name = EXCLUDED.name, stall = EXCLUDED.stall,
         number = COALESCE(EXCLUDED.number, merchants.number)`,
      [p.merchantId, p.name, p.stall, p.number ?? null],
    );
  }

  /** The number of a merchant registered before merchants had one; it may come before its registration. */
  @EventPattern(MerchantNumbered.type)
  async onMerchantNumbered(@Payload() p: PayloadOf<typeof MerchantNumbered>, @Ctx() ctx: EventContext) {
    await ctx.tx.query(
      `INSERT INTO "${this.schema}".merchants (merchant_id, name, stall, number) VALUES ($1, '', '', $2)
       ON CONFLICT (merchant_id) DO UPDATE SET number = EXCLUDED.number`,
      [p.merchantId, p.number],
    );
  }
}
