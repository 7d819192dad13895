import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { Clock, CLOCK, CurrentUser, parseInput, Principal, requestMeta, Roles } from '@fd/platform';
import { PenaltyCaseView } from '../penalty-cases/penalty-case.read-model';
import { finePaymentRequest } from './record-fine-payment.request';
import { RecordFinePaymentHandler } from './record-fine-payment.command';

@Controller('api/v1/penalty-cases')
export class RecordFinePaymentController {
  constructor(
    private readonly recordPayment: RecordFinePaymentHandler,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Roles('admin')
  @Post(':caseId/fine-payment')
  @HttpCode(200)
  async record(@Param('caseId') caseId: string, @Body() body: unknown, @CurrentUser() user: Principal): Promise<PenaltyCaseView> {
    const input = parseInput(finePaymentRequest, body);
    return this.recordPayment.handle({ ...input, caseId }, await requestMeta(this.clock, user));
  }
}
