import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { PayloadOf, PenaltyCaseDecided } from '@fd/contracts';
import { EventContext, RUNTIME, ServiceRuntime } from '@fd/platform';
import { rememberUpheldForgery } from './upheld-forgeries.table';

/** Only an upheld forgery puts a merchant's forms under callback; a dismissed case lifts nothing here to lift. */
@Controller()
export class RememberUpheldForgeryWhenPenaltyCaseDecided {
  constructor(@Inject(RUNTIME) private readonly rt: ServiceRuntime) {}

  @EventPattern(PenaltyCaseDecided.type)
  async onPenaltyCaseDecided(@Payload() p: PayloadOf<typeof PenaltyCaseDecided>, @Ctx() ctx: EventContext) {
    if (p.kind === 'forged' && p.decision === 'uphold')
      await rememberUpheldForgery(ctx.tx, this.rt.schema, p.caseId, p.merchantId, p.decidedOn);
  }
}
