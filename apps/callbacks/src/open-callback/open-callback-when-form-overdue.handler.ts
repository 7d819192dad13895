import { randomUUID } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { FormOverdue, PayloadOf } from '@fd/contracts';
import { EventContext, SERVICE_SCHEMA } from '@fd/platform';
import { rememberForm } from '../upstream/forms.table';
import { FormCallbacksStream } from '../callback-tasks/form-callbacks.stream';

/** docs/rules.md#6-callback: every overdue form gets a callback (was the service done? was a form filled?). */
@Controller()
export class OpenCallbackWhenFormOverdue {
  constructor(
    private readonly formCallbacks: FormCallbacksStream,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @EventPattern(FormOverdue.type)
  async onFormOverdue(@Payload() p: PayloadOf<typeof FormOverdue>, @Ctx() ctx: EventContext) {
    await rememberForm(ctx.tx, this.schema, { serial: p.serial, merchantId: p.merchantId, plannedDate: p.plannedDate });
    const meta = ctx.meta();
    await this.formCallbacks.run(
      ctx.tx,
      p.serial,
      {
        type: 'OpenCallbackForOverdue',
        callbackId: randomUUID(),
        serial: p.serial,
        merchantId: p.merchantId,
        dueDate: p.dueDate,
        now: meta.now,
      },
      meta,
    );
  }
}
