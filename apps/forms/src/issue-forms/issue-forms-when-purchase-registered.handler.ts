import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { AfterSalesServiceRequested, PayloadOf, PurchaseRegistered } from '@fd/contracts';
import { EventContext, SERVICE_SCHEMA } from '@fd/platform';
import { IssueForms } from './issue-forms';
import { keepPurchasePhone } from '../self-confirm/purchase-phones';

/** Every registered purchase and every after-sales request against a card gets its forms in the same step. */
@Controller()
export class IssueFormsWhenPurchaseRegistered {
  constructor(
    private readonly issueForms: IssueForms,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @EventPattern(PurchaseRegistered.type)
  async onPurchaseRegistered(@Payload() p: PayloadOf<typeof PurchaseRegistered>, @Ctx() ctx: EventContext) {
    // the phone proves the customer on the forms' self-confirmation page; a purchase published before the customer came along has none
    if (p.customer) await keepPurchasePhone(ctx.tx, this.schema, p.purchaseId, p.customer.phone);
    await this.issueForms.issue(ctx.tx, { kind: 'purchase', purchaseId: p.purchaseId }, p.cards, p.registeredAt, ctx.meta());
  }

  @EventPattern(AfterSalesServiceRequested.type)
  async onAfterSalesServiceRequested(@Payload() p: PayloadOf<typeof AfterSalesServiceRequested>, @Ctx() ctx: EventContext) {
    await this.issueForms.issue(
      ctx.tx,
      { kind: 'after_sales', purchaseId: p.purchaseId, requestId: p.requestId },
      [{ cardNo: p.cardNo, merchantId: p.merchantId, services: p.services }],
      ctx.envelope.occurredAt,
      ctx.meta(),
    );
  }
}
