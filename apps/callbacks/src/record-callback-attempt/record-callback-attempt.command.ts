import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { CommandMetadata, policyInForce, SERVICE_SCHEMA } from '@fd/platform';
import { callbackNotFound } from '@fd/callbacks-domain';
import { CallbackRow, findCallback } from '../callback-tasks/callback.view';
import { FormCallbacksStream } from '../callback-tasks/form-callbacks.stream';
import { recordCallbackAttemptRequest } from './record-callback-attempt.request';

export type RecordCallbackAttemptInput = z.infer<typeof recordCallbackAttemptRequest> & { callbackId: string };

/** A clerk's call to the customer and what it found; the forms service applies the effect to the form. Answers the task as it is now. */
@Injectable()
export class RecordCallbackAttemptHandler {
  constructor(
    private readonly ds: DataSource,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
    private readonly formCallbacks: FormCallbacksStream,
  ) {}

  async handle({ callbackId, ...input }: RecordCallbackAttemptInput, meta: CommandMetadata): Promise<CallbackRow> {
    const { ds, schema } = this;
    const found = await findCallback(ds.manager, schema, callbackId);
    if (!found) throw callbackNotFound(callbackId);
    const { timeZone } = await policyInForce(ds.manager, schema);
    await this.formCallbacks.run(
      ds,
      found.serial,
      { type: 'RecordCallbackAttempt', callbackId, formFiled: found.rating !== null, ...input, now: meta.now, timeZone },
      meta,
    );
    return (await findCallback(ds.manager, schema, callbackId))!;
  }
}
