import { Inject, Injectable } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { DataSource, EntityManager } from 'typeorm';
import type { z } from 'zod';
import { policyWhatIfRequest, policyWhatIfSchema } from '@fd/api';
import { localDate, periodOf } from '@fd/kernel';
import { Clock, CLOCK, EventStore, StoredEvent } from '@fd/platform';
import {
  canonicalTimeZone,
  compareProjections,
  LoggedEvent,
  PeriodRange,
  ShadowFold,
  ShadowResult,
  TimedEvent,
  ViolationChange,
} from '@fd/scoring-domain';
import { currentPolicy } from '../policy/current-policy';
import { Sql, toForm, toViolation } from '../projection/projection.tables';
import { ScoringLog } from '../projection/write-to-log';

export type PolicyWhatIfRequest = z.infer<typeof policyWhatIfRequest>;
export type PolicyWhatIfAnswer = z.infer<typeof policyWhatIfSchema>;

/** Each list of the answer holds at most this many rows. */
const LIST_LIMIT = 500;
/** Events read from the log at a time: the replay never holds the whole log. */
const BATCH = 5000;
/** The policy values the shadow derives again (docs/rules.md#what-if-policy-replay); any other asked for is not replayed. */
const REPLAYED = ['returnDays', 'appealDays', 'timeZone'];

const shiftPeriod = (period: string, months: number) => {
  const n = Number(period.slice(0, 4)) * 12 + Number(period.slice(5)) - 1 + months;
  return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
};

/**
 * When an event of the log happened: a filing's own time; a case opened or corrected in reaction to an
 * upstream fact, that fact's time (`openedAt`, `correctedAt`: the recording's own time is when the
 * scoring got round to it, days later when it lagged, and would let the shadow's days run ahead of the
 * facts still to come); else the upstream event's (or the recording's).
 */
export const eventTime = (e: StoredEvent): string => {
  const data = e.data as { filedAt?: string; openedAt?: string; correctedAt?: string };
  const own =
    e.type === 'FormFiled'
      ? data.filedAt
      : e.type === 'CaseOpened'
        ? data.openedAt
        : e.type === 'CaseCorrected'
          ? data.correctedAt
          : undefined;
  return own ?? e.metadata?.occurredAt ?? e.recordedAt;
};

/**
 * Streams the log through the shadow fold, `batchSize` events at a time, in one snapshot of the
 * database (a read-only transaction: nothing is written, the live projection is untouched).
 */
export async function replayShadow(m: EntityManager, store: EventStore, shadow: ShadowFold, batchSize = BATCH): Promise<number> {
  let eventsRead = 0;
  for (let after = 0; ; ) {
    const batch = await store.readAll(m, after, batchSize);
    if (batch.length === 0) break;
    for (const e of batch) shadow.apply({ event: { type: e.type, data: e.data } as LoggedEvent, at: eventTime(e) } satisfies TimedEvent);
    eventsRead += batch.length;
    after = batch[batch.length - 1].globalPosition;
  }
  return eventsRead;
}

/** The live projection's forms and violations of the range (what the scores are made of now). */
async function liveRows(m: Sql, schema: string, range: PeriodRange) {
  const forms = (await m.query(`SELECT * FROM "${schema}".forms WHERE period BETWEEN $1 AND $2`, [range.from, range.to])).map(toForm);
  const violations = (await m.query(`SELECT * FROM "${schema}".violations WHERE period BETWEEN $1 AND $2`, [range.from, range.to])).map(
    toViolation,
  );
  return { forms, violations };
}

/** What the evaluation would be with other policy values: the log replayed into a shadow, compared with the live one. */
@Injectable()
export class PolicyWhatIf {
  constructor(
    private readonly ds: DataSource,
    private readonly log: ScoringLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async preview(q: PolicyWhatIfRequest): Promise<PolicyWhatIfAnswer> {
    const started = performance.now();
    const now = await this.clock.now();
    const { schema, store } = this.log;
    return this.ds.transaction('REPEATABLE READ', async (m) => {
      await m.query('SET TRANSACTION READ ONLY');
      const inForce = await currentPolicy(store, m);
      const policy = {
        returnDays: q.returnDays ?? inForce.returnDays,
        callbackSampleRate: q.callbackSampleRate ?? inForce.callbackSampleRate,
        appealDays: q.appealDays ?? inForce.appealDays,
        timeZone: q.timeZone ? canonicalTimeZone(q.timeZone) : inForce.timeZone,
      };
      const asOf = localDate(now, policy.timeZone);
      const to = q.to ?? (q.from && shiftPeriod(q.from, 11) < periodOf(asOf) ? shiftPeriod(q.from, 11) : periodOf(asOf));
      const range: PeriodRange = { from: q.from ?? shiftPeriod(to, -11), to };
      const shadow = new ShadowFold(policy, range);
      const eventsRead = await replayShadow(m, store, shadow);
      const result: ShadowResult = shadow.finish(now);
      const live = await liveRows(m, schema, range);
      const diff = compareProjections(live, result);
      const names = new Map<string, string>(
        (await m.query(`SELECT merchant_id, name FROM "${schema}".merchants`)).map((r: { merchant_id: string; name: string }) => [
          r.merchant_id,
          r.name,
        ]),
      );
      const nameOf = (id: string) => names.get(id) ?? result.merchants[id]?.name ?? id;
      const named = (v: ViolationChange) => ({ ...v, merchantName: nameOf(v.merchantId) });
      const cut = <T>(rows: T[]) => rows.slice(0, LIST_LIMIT);
      const asked = Object.keys(q).filter((k) => k !== 'from' && k !== 'to' && q[k as keyof PolicyWhatIfRequest] !== undefined);
      return {
        policy,
        policyVersion: inForce.version,
        from: range.from,
        to: range.to,
        asOf,
        eventsRead,
        tookMs: Math.round(performance.now() - started),
        notReplayed: asked.filter((k) => !REPLAYED.includes(k)),
        merchants: cut(diff.scores.map((s) => ({ ...s, name: nameOf(s.merchantId) }))).map((s) => ({
          merchantId: s.merchantId,
          name: s.name,
          period: s.period,
          scoreNow: s.scoreNow,
          scoreThen: s.scoreThen,
          delta: s.delta,
          returnRateNow: s.returnRateNow,
          returnRateThen: s.returnRateThen,
        })),
        violationsAppearing: cut(diff.violationsAppearing.map(named)),
        violationsVanishing: cut(diff.violationsVanishing.map(named)),
        cases: cut(result.cases),
        truncated: [diff.scores, diff.violationsAppearing, diff.violationsVanishing, result.cases].some((l) => l.length > LIST_LIMIT),
      };
    });
  }
}
