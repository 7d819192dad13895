import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { PayloadOf, PenaltyCaseDecided } from '@fd/contracts';
import { EventContext, SERVICE_SCHEMA } from '@fd/platform';
import { rememberUpheldForgery } from './upheld-forgeries.table';

/** Only an upheld forgery puts a merchant's forms under callback; a dismissed case lifts nothing here to lift. */
@Controller()
export class RememberUpheldForgeryWhenPenaltyCaseDecided {
  constructor(@Inject(SERVICE_SCHEMA) private readonly schema: string) {}

  @EventPattern(PenaltyCaseDecided.type)
  async onPenaltyCaseDecided(@Payload() p: PayloadOf<typeof PenaltyCaseDecided>, @Ctx() ctx: EventContext) {
    if (p.kind === 'forged' && p.decision === 'uphold')
      await rememberUpheldForgery(ctx.tx, this.schema, p.caseId, p.merchantId, p.decidedOn);
  }
}
