import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { Clock, CLOCK, CurrentUser, parseInput, Principal, requestMeta, Roles } from '@fd/platform';
import { CallbackView, callbackView } from '../callback-tasks/callback.view';
import { recordCallbackAttemptRequest } from './record-callback-attempt.request';
import { RecordCallbackAttemptHandler } from './record-callback-attempt.command';

@Controller('api/v1/callbacks')
export class RecordCallbackAttemptController {
  constructor(
    private readonly recordAttempt: RecordCallbackAttemptHandler,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Roles('clerk')
  @Post(':callbackId/attempts')
  async record(@Param('callbackId') callbackId: string, @Body() body: unknown, @CurrentUser() user: Principal): Promise<CallbackView> {
    const input = parseInput(recordCallbackAttemptRequest, body);
    const task = await this.recordAttempt.handle({ ...input, callbackId }, await requestMeta(this.clock, user));
    return callbackView(task, user);
  }
}
