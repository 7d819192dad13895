import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, CLOCK, EventStore } from '@fd/platform';
import { localDate, periodOf } from '@fd/kernel';
import type { MonthlyFigures } from '@fd/api';
import { dateOf, LoggedEvent, MonthlyReportBuilder } from '@fd/scoring-domain';
import { currentPolicy } from '../policy/current-policy';

const BATCH = 2000;

/**
 * The scoring part of the monthly management report (docs/rules.md#the-monthly-management-report):
 * the month and the 12 before it, each folded from the events of this service's log dated (by
 * the time the event happened, as recorded with it) on or before the month's last day in the
 * mall's time zone. A later event never reaches back into a closed month, so the report of a
 * past month is the same whenever it is asked. The projection tables are not read: their rows
 * are the current state (a form filed late, a case decided later change them).
 */
@Injectable()
export class MonthlyFiguresQuery {
  constructor(
    private readonly ds: DataSource,
    private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async of(period: string): Promise<MonthlyFigures> {
    const policy = await currentPolicy(this.store, this.ds.manager);
    const thisMonth = periodOf(localDate(await this.clock.now(), policy.timeZone));
    const builder = new MonthlyReportBuilder(period, policy.timeZone);
    for (let after = 0; ; ) {
      const batch = await this.store.readAll(this.ds.manager, after, BATCH);
      if (batch.length === 0) break;
      for (const e of batch)
        builder.apply({ event: { type: e.type, data: e.data } as LoggedEvent, occurredAt: dateOf(e, e.metadata.occurredAt) });
      after = batch[batch.length - 1].globalPosition;
    }
    const { report, trend } = builder.result();
    return { period, closed: period < thisMonth, eventsRead: builder.events, totals: report.totals, merchants: report.merchants, trend };
  }
}
