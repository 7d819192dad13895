import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { FormVoided, PayloadOf } from '@fd/contracts';
import { EventContext } from '@fd/platform';
import { FormCallbacksStream } from '../callback-tasks/form-callbacks.stream';

/**
 * An overdue form can still be voided (the customer cancelled the service). Its open task then
 * has nothing left to verify, and no outcome would fit it: the task closes as form_voided.
 */
@Controller()
export class WithdrawCallbackWhenFormVoided {
  constructor(private readonly formCallbacks: FormCallbacksStream) {}

  @EventPattern(FormVoided.type)
  async onFormVoided(@Payload() p: PayloadOf<typeof FormVoided>, @Ctx() ctx: EventContext) {
    const meta = ctx.meta();
    await this.formCallbacks.run(
      ctx.tx,
      p.serial,
      { type: 'WithdrawCallbackOfVoidedForm', serial: p.serial, voidReason: p.reason, now: meta.now },
      meta,
    );
  }
}
