import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { MerchantRegistered, PayloadOf } from '@fd/contracts';
import { EventContext, RUNTIME, ServiceRuntime } from '@fd/platform';
import { rememberMerchant } from './merchants.table';

/** Findings and opinions name merchants; the registry (registration.merchants.v1) says which exist. */
@Controller()
export class LearnMerchantWhenMerchantRegistered {
  constructor(@Inject(RUNTIME) private readonly rt: ServiceRuntime) {}

  @EventPattern(MerchantRegistered.type)
  async onMerchantRegistered(@Payload() p: PayloadOf<typeof MerchantRegistered>, @Ctx() ctx: EventContext) {
    await rememberMerchant(ctx.tx, this.rt.schema, p.merchantId, p.name);
  }
}
