import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { PayloadOf, PolicyChanged } from '@fd/contracts';
import { EventContext, RUNTIME, ServiceRuntime } from '@fd/platform';
import { rememberPolicy } from './policy.table';

/** The sample rate and time zone come from the administration's policy (scoring.v1). */
@Controller()
export class LearnPolicyWhenPolicyChanged {
  constructor(@Inject(RUNTIME) private readonly rt: ServiceRuntime) {}

  @EventPattern(PolicyChanged.type)
  async onPolicyChanged(@Payload() p: PayloadOf<typeof PolicyChanged>, @Ctx() ctx: EventContext) {
    await rememberPolicy(ctx.tx, this.rt.schema, p, ctx.envelope.occurredAt);
  }
}
