import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CommandMetadata, Principal } from '@fd/platform';
import { ScoringLog } from '../projection/write-to-log';
import { onPenaltyCase } from '../penalty-cases/case-command';
import { PenaltyCaseView } from '../penalty-cases/penalty-case.read-model';

export interface WaiveAppealInput {
  caseId: string;
  /** Only the merchant the case is against may waive (the decider checks it). */
  by: { role: Principal['role']; merchantId?: string };
}

/**
 * The merchant lets the case be decided before its appeal window closes, without an appeal
 * (docs/rules.md#example-r8-no-decision-while-the-merchant-may-still-appeal).
 */
@Injectable()
export class WaiveAppealHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly log: ScoringLog,
  ) {}

  handle({ caseId, by }: WaiveAppealInput, meta: CommandMetadata): Promise<PenaltyCaseView> {
    return onPenaltyCase(this.ds, this.log, caseId, () => ({ type: 'WaiveAppeal', caseId, by, now: meta.now }), meta);
  }
}
