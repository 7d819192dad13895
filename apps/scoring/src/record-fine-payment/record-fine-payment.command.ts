import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { CommandMetadata } from '@fd/platform';
import { ScoringLog } from '../projection/write-to-log';
import { currentPolicy } from '../policy/current-policy';
import { onPenaltyCase } from '../penalty-cases/case-command';
import { PenaltyCaseView } from '../penalty-cases/penalty-case.read-model';
import { finePaymentRequest } from './record-fine-payment.request';

export type RecordFinePaymentInput = z.infer<typeof finePaymentRequest> & { caseId: string };

/** The administration records that an upheld case's fine was paid, from its receipt (docs/rules.md#example-r9-a-fine-paid). */
@Injectable()
export class RecordFinePaymentHandler {
  constructor(
    private readonly ds: DataSource,
    private readonly log: ScoringLog,
  ) {}

  handle({ caseId, paidOn, receiptNo }: RecordFinePaymentInput, meta: CommandMetadata): Promise<PenaltyCaseView> {
    return onPenaltyCase(
      this.ds,
      this.log,
      caseId,
      async (m) => ({
        type: 'RecordFinePayment',
        caseId,
        paidOn,
        receiptNo,
        now: meta.now,
        timeZone: (await currentPolicy(this.log.store, m)).timeZone,
      }),
      meta,
    );
  }
}
