import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { PenaltyCaseDecided } from '@fd/contracts';
import { CommandMetadata, integrationEvent } from '@fd/platform';
import { ScoringLog } from '../projection/write-to-log';
import { currentPolicy } from '../policy/current-policy';
import { onPenaltyCase } from '../penalty-cases/case-command';
import { PenaltyCaseView } from '../penalty-cases/penalty-case.read-model';
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

  handle({ caseId, ...input }: DecidePenaltyCaseInput, meta: CommandMetadata): Promise<PenaltyCaseView> {
    return onPenaltyCase(
      this.ds,
      this.log,
      caseId,
      async (m) => ({ type: 'DecideCase', caseId, ...input, now: meta.now, policy: await currentPolicy(this.log.store, m) }),
      meta,
      (events, decided) =>
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
    );
  }
}
