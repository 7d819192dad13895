import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { CurrentUser, parseInput, policyInForce, Principal, requestMeta, Roles, RUNTIME, ServiceRuntime } from '@fd/platform';
import { callbackNotFound } from '@fd/callbacks-domain';
import { callbackView, findCallback } from '../callback-tasks/callback.view';
import { runFormCallbacks } from '../callback-tasks/form-callbacks.stream';
import { recordCallbackAttemptRequest } from './record-callback-attempt.request';

/** A clerk's call to the customer and what it found; the forms service applies the effect to the form. */
@Controller('api/v1/callbacks')
export class RecordCallbackAttemptController {
  constructor(@Inject(RUNTIME) private readonly rt: ServiceRuntime) {}

  @Roles('clerk')
  @Post(':callbackId/attempts')
  async record(@Param('callbackId') callbackId: string, @Body() body: unknown, @CurrentUser() user: Principal) {
    const input = parseInput(recordCallbackAttemptRequest, body);
    const { ds, schema } = this.rt;
    const found = await findCallback(ds.manager, schema, callbackId);
    if (!found) throw callbackNotFound(callbackId);
    const meta = await requestMeta(this.rt, user);
    const { timeZone } = await policyInForce(ds.manager, schema);
    await runFormCallbacks(
      this.rt,
      ds,
      found.serial,
      { type: 'RecordCallbackAttempt', callbackId, formFiled: found.rating !== null, ...input, now: meta.now, timeZone },
      meta,
    );
    return callbackView((await findCallback(ds.manager, schema, callbackId))!, user);
  }
}
