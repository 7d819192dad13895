import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CommandMetadata } from '@fd/platform';
import { penaltyCaseDecider } from '@fd/scoring-domain';
import { ScoringLog, writeToLog } from '../projection/write-to-log';
import { caseStream } from '../penalty-cases/open-penalty-case';
import { caseView, PenaltyCaseView } from '../penalty-cases/penalty-case.read-model';

export interface WaiveAppealInput {
  caseId: string;
  /** Only the merchant the case is against may waive (the decider checks it). */
  by: { role: 'clerk' | 'merchant' | 'admin' | 'manager'; merchantId?: string };
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

  async handle({ caseId, by }: WaiveAppealInput, meta: CommandMetadata): Promise<PenaltyCaseView> {
    const { state } = await this.ds.transaction((m) =>
      writeToLog(this.log, m, {
        streamId: caseStream(caseId),
        streamType: 'penalty-case',
        decider: penaltyCaseDecider,
        command: { type: 'WaiveAppeal', caseId, by, now: meta.now },
        meta,
      }),
    );
    if (state.status === 'none') throw new Error('a waiver was recorded on a case that does not exist');
    return caseView(state);
  }
}
