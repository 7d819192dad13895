import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { PenaltyCaseDecided } from '@fd/contracts';
import { CommandMetadata, integrationEvent } from '@fd/platform';
import { penaltyCaseDecider } from '@fd/scoring-domain';
import { ScoringLog, writeToLog } from '../projection/write-to-log';
import { currentPolicy } from '../policy/current-policy';
import { caseStream } from '../penalty-cases/open-penalty-case';
import { caseView, PenaltyCaseView } from '../penalty-cases/penalty-case.read-model';
import { decisionRequest } from './decide-penalty-case.request';

export type DecidePenaltyCaseInput = z.infer<typeof decisionRequest> & { caseId: string };

/**
 * The administration's final decision. A dismissal lifts the violation (the score comes
 * back); an upheld case may fine or suspend the merchant (registration enforces it).
 */
@Injectable()
export class DecidePenaltyCaseHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly log: ScoringLog,
  ) {}

  async handle({ caseId, ...input }: DecidePenaltyCaseInput, meta: CommandMetadata): Promise<PenaltyCaseView> {
    const { state } = await this.ds.transaction(async (m) =>
      writeToLog(this.log, m, {
        streamId: caseStream(caseId),
        streamType: 'penalty-case',
        decider: penaltyCaseDecider,
        command: { type: 'DecideCase', caseId, ...input, now: meta.now, policy: await currentPolicy(this.log.store, m) },
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
