import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { consequenceSchema } from '@fd/api';
import { periodOf } from '@fd/kernel';
import { EventStore, SERVICE_SCHEMA } from '@fd/platform';
import { FormEvent } from '@fd/forms-domain';
import { FormStreams, formStreamId } from '../form/form-streams';
import { callbackConsequenceRequest } from './callback-consequence.request';

export type Consequence = z.infer<typeof consequenceSchema>;
export type CallbackConsequenceQuery = z.infer<typeof callbackConsequenceRequest>;

/**
 * What a callback outcome would do to a form (docs/rules.md#6-callback), told before the clerk
 * records it: the form's own decider is asked, on the form's events, exactly as it will be when
 * the outcome arrives, and nothing is written. A forged form or a missing one is a violation in
 * the month of the form's planned date now (docs/rules.md#7-violations-and-penalty-cases); a form
 * that already fell overdue has its missing violation, so `no_form` opens no second case.
 */
@Injectable()
export class CallbackConsequences {
  constructor(
    private readonly ds: DataSource,
    private readonly store: EventStore,
    private readonly streams: FormStreams,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  async of(serial: string, q: CallbackConsequenceQuery): Promise<Consequence> {
    const { decider } = this.streams;
    const past = await this.store.readStream<FormEvent>(this.ds.manager, formStreamId(serial));
    const state = past.reduce((s, e) => decider.evolve(s, { type: e.type, data: e.data } as FormEvent), decider.initialState());
    // an unknown serial is refused by the decider itself (404 FORM_NOT_FOUND)
    const events = decider.decide(
      { type: 'ApplyCallbackAttempt', serial, callbackId: 'consequence', attempt: 0, outcome: q.outcome, reportedRating: q.reportedRating },
      state,
    );
    if (state.status === 'unissued') throw new Error('the decider refuses an unissued form');
    const { merchantId, plannedDate } = state.form;
    const rows: { name: string }[] = await this.ds.query(`SELECT name FROM "${this.schema}".merchants WHERE merchant_id = $1`, [
      merchantId,
    ]);
    const period = periodOf(plannedDate);
    const violation = events.some((e) => e.type === 'FormForged')
      ? { kind: 'forged' as const, period, opensCase: true }
      : events.some((e) => e.type === 'FormReportedMissing')
        ? // overdue and no_form share one missing violation per form: the first opened the case
          { kind: 'no_form' as const, period, opensCase: state.overdueAt === undefined }
        : null;
    return { merchantId, merchantName: rows[0]?.name ?? null, violation };
  }
}
