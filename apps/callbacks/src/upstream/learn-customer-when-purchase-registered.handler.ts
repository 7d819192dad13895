import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { FormIssued, PayloadOf, PurchaseRegistered } from '@fd/contracts';
import { EventContext, SERVICE_SCHEMA } from '@fd/platform';
import { rememberCustomer, rememberFormOrigin } from './purchase-customers.table';

/**
 * A callback card says whom to call and about which service: the purchase's customer
 * (registration.purchases.v1) and the form's purchase and service (forms.v1). The two arrive on
 * different topics in either order; the list joins them when it reads.
 */
@Controller()
export class LearnCustomerWhenPurchaseRegistered {
  constructor(@Inject(SERVICE_SCHEMA) private readonly schema: string) {}

  @EventPattern(PurchaseRegistered.type)
  async onPurchaseRegistered(@Payload() p: PayloadOf<typeof PurchaseRegistered>, @Ctx() ctx: EventContext) {
    // a purchase published before the customer came along did not say who it was
    if (p.customer) await rememberCustomer(ctx.tx, this.schema, p.purchaseId, p.customer);
  }

  @EventPattern(FormIssued.type)
  async onFormIssued(@Payload() p: PayloadOf<typeof FormIssued>, @Ctx() ctx: EventContext) {
    await rememberFormOrigin(ctx.tx, this.schema, {
      serial: p.serial,
      purchaseId: p.purchaseId,
      cardNo: p.cardNo,
      serviceType: p.serviceType,
      visit: p.visit,
    });
  }
}
