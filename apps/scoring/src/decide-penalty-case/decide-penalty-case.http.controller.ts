import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { PenaltyCaseDecided } from '@fd/contracts';
import { CurrentUser, integrationEvent, parseInput, Principal, requestMeta, Roles, RUNTIME, ServiceRuntime } from '@fd/platform';
import { penaltyCaseDecider } from '@fd/scoring-domain';
import { writeToLog } from '../projection/write-to-log';
import { currentPolicy } from '../policy/current-policy';
import { caseStream } from '../penalty-cases/open-penalty-case';
import { caseView, PenaltyCaseView } from '../penalty-cases/penalty-case.read-model';
import { decisionRequest } from './decide-penalty-case.request';

@Controller('api/v1/penalty-cases')
export class DecidePenaltyCaseController {
  constructor(@Inject(RUNTIME) private readonly rt: ServiceRuntime) {}

  /**
   * The administration's final decision. A dismissal lifts the violation (the score comes
   * back); an upheld case may fine or suspend the merchant (registration enforces it).
   */
  @Roles('admin')
  @Post(':caseId/decision')
  async decide(@Param('caseId') caseId: string, @Body() body: unknown, @CurrentUser() user: Principal): Promise<PenaltyCaseView> {
    const input = parseInput(decisionRequest, body);
    const meta = await requestMeta(this.rt, user);
    const { state } = await this.rt.ds.transaction(async (m) =>
      writeToLog(this.rt, m, {
        streamId: caseStream(caseId),
        streamType: 'penalty-case',
        decider: penaltyCaseDecider,
        command: { type: 'DecideCase', caseId, ...input, now: meta.now, policy: await currentPolicy(this.rt.store, m) },
        meta,
        publish: (events, decided) =>
          events.flatMap((e) =>
            e.type === 'CaseDecided' && decided.status === 'decided'
              ? [
                  integrationEvent(
                    PenaltyCaseDecided,
                    {
                      caseId: decided.caseId,
                      merchantId: decided.merchantId,
                      kind: decided.kind,
                      ...(decided.serial ? { serial: decided.serial } : {}),
                      decision: e.data.decision,
                      reason: e.data.reason,
                      ...(e.data.fineCents ? { fineCents: e.data.fineCents } : {}),
                      ...(e.data.suspendedUntil ? { suspendedUntil: e.data.suspendedUntil } : {}),
                      decidedOn: e.data.decidedOn,
                      policyVersion: e.data.policyVersion,
                    },
                    meta,
                  ),
                ]
              : [],
          ),
      }),
    );
    if (state.status === 'none') throw new Error('a decision was recorded on a case that does not exist');
    return caseView(state);
  }
}
