import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { Clock, CLOCK, CurrentUser, parseInput, Principal, requestMeta, Roles } from '@fd/platform';
import { PenaltyCaseView } from '../penalty-cases/penalty-case.read-model';
import { decisionRequest } from './decide-penalty-case.request';
import { DecidePenaltyCaseHandler } from './decide-penalty-case.command';

@Controller('api/v1/penalty-cases')
export class DecidePenaltyCaseController {
  constructor(
    private readonly decideCase: DecidePenaltyCaseHandler,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Roles('admin')
  @Post(':caseId/decision')
  async decide(@Param('caseId') caseId: string, @Body() body: unknown, @CurrentUser() user: Principal): Promise<PenaltyCaseView> {
    const input = parseInput(decisionRequest, body);
    return this.decideCase.handle({ ...input, caseId }, await requestMeta(this.clock, user));
  }
}
