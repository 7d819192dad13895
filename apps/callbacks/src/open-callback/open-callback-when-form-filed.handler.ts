import { randomUUID } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { FormFiled, PayloadOf } from '@fd/contracts';
import { CONFIG, EventContext, policyInForceAt, SERVICE_SCHEMA } from '@fd/platform';
import type { CallbacksConfig } from '../callbacks.config';
import { isSelfConfirmed, rememberForm } from '../upstream/forms.table';
import { upheldForgeriesOn } from '../upstream/upheld-forgeries.table';
import { FormCallbacksStream } from '../callback-tasks/form-callbacks.stream';
import { samplePoint } from './sample-point';

/** docs/rules.md#6-callback: an unsatisfied, unqualified, recently-forging merchant's or sampled filed form gets a callback. */
@Controller()
export class OpenCallbackWhenFormFiled {
  constructor(
    private readonly formCallbacks: FormCallbacksStream,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
    @Inject(CONFIG) private readonly config: CallbacksConfig,
  ) {}

  @EventPattern(FormFiled.type)
  async onFormFiled(@Payload() p: PayloadOf<typeof FormFiled>, @Ctx() ctx: EventContext) {
    const { schema } = this;
    await rememberForm(ctx.tx, schema, { serial: p.serial, merchantId: p.merchantId, plannedDate: p.plannedDate, rating: p.rating });
    const meta = ctx.meta();
    await this.formCallbacks.run(
      ctx.tx,
      p.serial,
      {
        type: 'OpenCallbackForFiling',
        callbackId: randomUUID(),
        serial: p.serial,
        merchantId: p.merchantId,
        rating: p.rating,
        staffCertified: p.staffCertified,
        filedAt: p.filedAt,
        upheldForgeriesOn: await upheldForgeriesOn(ctx.tx, schema, p.merchantId),
        samplePoint: samplePoint(p.serial, this.config.CALLBACK_SAMPLE_KEY),
        policy: await policyInForceAt(ctx.tx, schema, p.filedAt),
        selfConfirmed: await isSelfConfirmed(ctx.tx, schema, p.serial),
        now: meta.now,
      },
      meta,
    );
  }
}
