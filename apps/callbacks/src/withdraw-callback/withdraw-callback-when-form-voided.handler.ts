import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { FormVoided, PayloadOf } from '@fd/contracts';
import { EventContext, RUNTIME, ServiceRuntime } from '@fd/platform';
import { runFormCallbacks } from '../callback-tasks/form-callbacks.stream';

/**
 * An overdue form can still be voided (the customer cancelled the service). Its open task then
 * has nothing left to verify, and no outcome would fit it: the task closes as form_voided.
 */
@Controller()
export class WithdrawCallbackWhenFormVoided {
  constructor(@Inject(RUNTIME) private readonly rt: ServiceRuntime) {}

  @EventPattern(FormVoided.type)
  async onFormVoided(@Payload() p: PayloadOf<typeof FormVoided>, @Ctx() ctx: EventContext) {
    const meta = ctx.meta();
    await runFormCallbacks(
      this.rt,
      ctx.tx,
      p.serial,
      { type: 'WithdrawCallbackOfVoidedForm', serial: p.serial, voidReason: p.reason, now: meta.now },
      meta,
    );
  }
}
