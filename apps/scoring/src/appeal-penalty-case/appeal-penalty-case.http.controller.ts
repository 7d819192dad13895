import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { Clock, CLOCK, CurrentUser, parseInput, Principal, requestMeta, Roles } from '@fd/platform';
import { caseFor, PenaltyCaseView } from '../penalty-cases/penalty-case.read-model';
import { appealRequest } from './appeal-penalty-case.request';
import { AppealPenaltyCaseHandler } from './appeal-penalty-case.command';

@Controller('api/v1/penalty-cases')
export class AppealPenaltyCaseController {
  constructor(
    private readonly appealCase: AppealPenaltyCaseHandler,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Roles('merchant')
  @Post(':caseId/appeal')
  async appeal(@Param('caseId') caseId: string, @Body() body: unknown, @CurrentUser() user: Principal): Promise<PenaltyCaseView> {
    const { statement } = parseInput(appealRequest, body);
    const by = { role: user.role, ...(user.merchantId ? { merchantId: user.merchantId } : {}) };
    return caseFor(user, await this.appealCase.handle({ caseId, statement, by }, await requestMeta(this.clock, user)));
  }
}
