import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CallbackAttemptRecorded, PayloadOf } from '@fd/contracts';
import { EventContext } from '@fd/platform';
import { FormStreams } from '../form/form-streams';

/** What the customer said on a callback changes the form (docs/rules.md#6-callback); each attempt applies once. */
@Controller()
export class ApplyCallbackAttemptWhenRecorded {
  constructor(private readonly streams: FormStreams) {}

  @EventPattern(CallbackAttemptRecorded.type)
  async onAttemptRecorded(@Payload() p: PayloadOf<typeof CallbackAttemptRecorded>, @Ctx() ctx: EventContext) {
    await this.streams.handle(
      ctx.tx,
      p.serial,
      {
        type: 'ApplyCallbackAttempt',
        serial: p.serial,
        callbackId: p.callbackId,
        attempt: p.attempt,
        outcome: p.outcome,
        ...(p.reportedRating ? { reportedRating: p.reportedRating } : {}),
        ...(p.newPlannedDate ? { newPlannedDate: p.newPlannedDate } : {}),
      },
      ctx.meta(),
    );
  }
}
