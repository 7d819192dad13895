import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CommandMetadata, Principal } from '@fd/platform';
import { ScoringLog } from '../projection/write-to-log';
import { currentPolicy } from '../policy/current-policy';
import { onPenaltyCase } from '../penalty-cases/case-command';
import { PenaltyCaseView } from '../penalty-cases/penalty-case.read-model';

export interface AppealPenaltyCaseInput {
  caseId: string;
  statement: string;
  /** Who appeals: only the merchant the case is against may (the decider checks it). */
  by: { role: Principal['role']; merchantId?: string };
}

/** The merchant's one appeal statement, until the appeal deadline (inclusive, mall time). */
@Injectable()
export class AppealPenaltyCaseHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly log: ScoringLog,
  ) {}

  handle({ caseId, statement, by }: AppealPenaltyCaseInput, meta: CommandMetadata): Promise<PenaltyCaseView> {
    return onPenaltyCase(
      this.ds,
      this.log,
      caseId,
      async (m) => ({
        type: 'SubmitAppeal',
        caseId,
        statement,
        by,
        now: meta.now,
        timeZone: (await currentPolicy(this.log.store, m)).timeZone,
      }),
      meta,
    );
  }
}
