import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { CurrentUser, parseInput, Principal, requestMeta, Roles, RUNTIME, ServiceRuntime } from '@fd/platform';
import { penaltyCaseDecider } from '@fd/scoring-domain';
import { writeToLog } from '../projection/write-to-log';
import { currentPolicy } from '../policy/current-policy';
import { caseStream } from '../penalty-cases/open-penalty-case';
import { caseFor, caseView, PenaltyCaseView } from '../penalty-cases/penalty-case.read-model';
import { appealRequest } from './appeal-penalty-case.request';

@Controller('api/v1/penalty-cases')
export class AppealPenaltyCaseController {
  constructor(@Inject(RUNTIME) private readonly rt: ServiceRuntime) {}

  /** The merchant's one appeal statement, until the appeal deadline (inclusive, mall time). */
  @Roles('merchant')
  @Post(':caseId/appeal')
  async appeal(@Param('caseId') caseId: string, @Body() body: unknown, @CurrentUser() user: Principal): Promise<PenaltyCaseView> {
    const { statement } = parseInput(appealRequest, body);
    const meta = await requestMeta(this.rt, user);
    const { state } = await this.rt.ds.transaction(async (m) =>
      writeToLog(this.rt, m, {
        streamId: caseStream(caseId),
        streamType: 'penalty-case',
        decider: penaltyCaseDecider,
        command: {
          type: 'SubmitAppeal',
          caseId,
          statement,
          by: { role: user.role, ...(user.merchantId ? { merchantId: user.merchantId } : {}) },
          now: meta.now,
          timeZone: (await currentPolicy(this.rt.store, m)).timeZone,
        },
        meta,
      }),
    );
    if (state.status === 'none') throw new Error('an appeal was recorded on a case that does not exist');
    return caseFor(user, caseView(state));
  }
}
