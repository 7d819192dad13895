import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { CommandMetadata } from '@fd/platform';
import { penaltyCaseDecider } from '@fd/scoring-domain';
import { ScoringLog, writeToLog } from '../projection/write-to-log';
import { currentPolicy } from '../policy/current-policy';
import { caseStream } from '../penalty-cases/open-penalty-case';
import { caseView, PenaltyCaseView } from '../penalty-cases/penalty-case.read-model';
import { finePaymentRequest } from './record-fine-payment.request';

export type RecordFinePaymentInput = z.infer<typeof finePaymentRequest> & { caseId: string };

/** The administration records that an upheld case's fine was paid, from its receipt (docs/rules.md#example-r9-a-fine-paid). */
@Injectable()
export class RecordFinePaymentHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly log: ScoringLog,
  ) {}

  async handle({ caseId, paidOn, receiptNo }: RecordFinePaymentInput, meta: CommandMetadata): Promise<PenaltyCaseView> {
    const { state } = await this.ds.transaction(async (m) =>
      writeToLog(this.log, m, {
        streamId: caseStream(caseId),
        streamType: 'penalty-case',
        decider: penaltyCaseDecider,
        command: {
          type: 'RecordFinePayment',
          caseId,
          paidOn,
          receiptNo,
          now: meta.now,
          timeZone: (await currentPolicy(this.log.store, m)).timeZone,
        },
        meta,
      }),
    );
    if (state.status === 'none') throw new Error('a payment was recorded on a case that does not exist');
    return caseView(state);
  }
}
