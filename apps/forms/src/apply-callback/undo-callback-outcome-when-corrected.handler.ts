import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CallbackOutcomeCorrected, PayloadOf } from '@fd/contracts';
import { EventContext } from '@fd/platform';
import { FormStreams } from '../form/form-streams';

/**
 * An administrator corrected a callback outcome recorded by mistake (docs/rules.md#7-violations-and-penalty-cases):
 * what that outcome did to the form is undone, once however often the correction is delivered.
 */
@Controller()
export class UndoCallbackOutcomeWhenCorrected {
  constructor(private readonly streams: FormStreams) {}

  @EventPattern(CallbackOutcomeCorrected.type)
  async onOutcomeCorrected(@Payload() p: PayloadOf<typeof CallbackOutcomeCorrected>, @Ctx() ctx: EventContext) {
    await this.streams.handle(
      ctx.tx,
      p.serial,
      {
        type: 'CorrectCallbackOutcome',
        serial: p.serial,
        callbackId: p.callbackId,
        attempt: p.attempt,
        outcome: p.outcome,
        reason: p.reason,
      },
      ctx.meta(),
    );
  }
}
