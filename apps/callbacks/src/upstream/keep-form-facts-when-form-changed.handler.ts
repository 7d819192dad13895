import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { FormRatingReplaced, FormRescheduled, FormSelfConfirmed, PayloadOf } from '@fd/contracts';
import { EventContext, SERVICE_SCHEMA } from '@fd/platform';
import { rememberForm, rememberSelfConfirmation } from './forms.table';

/** A callback's effects come back from the forms service: the new planned date, the customer's rating. */
@Controller()
export class KeepFormFactsWhenFormChanged {
  constructor(@Inject(SERVICE_SCHEMA) private readonly schema: string) {}

  @EventPattern(FormRescheduled.type)
  async onRescheduled(@Payload() p: PayloadOf<typeof FormRescheduled>, @Ctx() ctx: EventContext) {
    await rememberForm(ctx.tx, this.schema, { serial: p.serial, merchantId: p.merchantId, plannedDate: p.plannedDate });
  }

  /** The customer confirmed the form themselves: its filing is not sampled for a callback (events of one form arrive in order). */
  @EventPattern(FormSelfConfirmed.type)
  async onSelfConfirmed(@Payload() p: PayloadOf<typeof FormSelfConfirmed>, @Ctx() ctx: EventContext) {
    await rememberForm(ctx.tx, this.schema, { serial: p.serial, merchantId: p.merchantId, plannedDate: p.plannedDate });
    await rememberSelfConfirmation(ctx.tx, this.schema, p.serial, p.confirmedAt);
  }

  @EventPattern(FormRatingReplaced.type)
  async onRatingReplaced(@Payload() p: PayloadOf<typeof FormRatingReplaced>, @Ctx() ctx: EventContext) {
    await rememberForm(ctx.tx, this.schema, {
      serial: p.serial,
      merchantId: p.merchantId,
      plannedDate: p.plannedDate,
      rating: p.rating,
    });
  }
}
