import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { FormIssued, PayloadOf, PurchaseRegistered } from '@fd/contracts';
import { EventContext, SERVICE_SCHEMA } from '@fd/platform';
import { rememberReference } from './known-references.table';

/** What a finding may name: the purchases, cards (registration.purchases.v1) and forms (forms.v1) the desk registered. */
@Controller()
export class LearnReferencesWhenRegistered {
  constructor(@Inject(SERVICE_SCHEMA) private readonly schema: string) {}

  @EventPattern(PurchaseRegistered.type)
  async onPurchaseRegistered(@Payload() p: PayloadOf<typeof PurchaseRegistered>, @Ctx() ctx: EventContext) {
    for (const card of p.cards) {
      await rememberReference(ctx.tx, this.schema, {
        kind: 'purchase',
        ref: p.purchaseId,
        merchantId: card.merchantId,
        purchaseId: p.purchaseId,
      });
      await rememberReference(ctx.tx, this.schema, {
        kind: 'card',
        ref: card.cardNo,
        merchantId: card.merchantId,
        purchaseId: p.purchaseId,
      });
    }
  }

  @EventPattern(FormIssued.type)
  async onFormIssued(@Payload() p: PayloadOf<typeof FormIssued>, @Ctx() ctx: EventContext) {
    await rememberReference(ctx.tx, this.schema, { kind: 'form', ref: p.serial, merchantId: p.merchantId, purchaseId: p.purchaseId });
  }
}
