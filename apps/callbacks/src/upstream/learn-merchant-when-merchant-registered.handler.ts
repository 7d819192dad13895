import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { MerchantRegistered, PayloadOf } from '@fd/contracts';
import { EventContext, SERVICE_SCHEMA } from '@fd/platform';
import { rememberMerchant } from './merchants.table';

/** Findings and opinions name merchants; the registry (registration.merchants.v1) says which exist. */
@Controller()
export class LearnMerchantWhenMerchantRegistered {
  constructor(@Inject(SERVICE_SCHEMA) private readonly schema: string) {}

  @EventPattern(MerchantRegistered.type)
  async onMerchantRegistered(@Payload() p: PayloadOf<typeof MerchantRegistered>, @Ctx() ctx: EventContext) {
    await rememberMerchant(ctx.tx, this.schema, p.merchantId, p.name);
  }
}
