import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CommandMetadata } from '@fd/platform';
import { penaltyCaseDecider } from '@fd/scoring-domain';
import { ScoringLog, writeToLog } from '../projection/write-to-log';
import { currentPolicy } from '../policy/current-policy';
import { caseStream } from '../penalty-cases/open-penalty-case';
import { caseView, PenaltyCaseView } from '../penalty-cases/penalty-case.read-model';

export interface AppealPenaltyCaseInput {
  caseId: string;
  statement: string;
  /** Who appeals: only the merchant the case is against may (the decider checks it). */
  by: { role: 'clerk' | 'merchant' | 'admin' | 'manager'; merchantId?: string };
}

/** The merchant's one appeal statement, until the appeal deadline (inclusive, mall time). */
@Injectable()
export class AppealPenaltyCaseHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly log: ScoringLog,
  ) {}

  async handle({ caseId, statement, by }: AppealPenaltyCaseInput, meta: CommandMetadata): Promise<PenaltyCaseView> {
    const { state } = await this.ds.transaction(async (m) =>
      writeToLog(this.log, m, {
        streamId: caseStream(caseId),
        streamType: 'penalty-case',
        decider: penaltyCaseDecider,
        command: {
          type: 'SubmitAppeal',
          caseId,
          statement,
          by,
          now: meta.now,
          timeZone: (await currentPolicy(this.log.store, m)).timeZone,
        },
        meta,
      }),
    );
    if (state.status === 'none') throw new Error('an appeal was recorded on a case that does not exist');
    return caseView(state);
  }
}
