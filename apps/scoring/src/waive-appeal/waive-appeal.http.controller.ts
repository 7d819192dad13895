import { Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { Clock, CLOCK, CurrentUser, Principal, requestMeta, Roles } from '@fd/platform';
import { caseFor, PenaltyCaseView } from '../penalty-cases/penalty-case.read-model';
import { WaiveAppealHandler } from './waive-appeal.command';

@Controller('api/v1/penalty-cases')
export class WaiveAppealController {
  constructor(
    private readonly waiveAppeal: WaiveAppealHandler,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Roles('merchant')
  @Post(':caseId/waiver')
  @HttpCode(200)
  async waive(@Param('caseId') caseId: string, @CurrentUser() user: Principal): Promise<PenaltyCaseView> {
    const by = { role: user.role, ...(user.merchantId ? { merchantId: user.merchantId } : {}) };
    return caseFor(user, await this.waiveAppeal.handle({ caseId, by }, await requestMeta(this.clock, user)));
  }
}
