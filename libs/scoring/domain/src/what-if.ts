import { addDays, localDate } from '@fd/kernel';
import { FormView, LoggedEvent, missingViolationId, Projection, ProjectionBuilder, Violation } from './projection';
import { scorecard } from './scorecard';

/**
 * What-if policy replay (docs/rules.md#what-if-policy-replay): the service's log folded again into
 * a shadow projection as if other policy values had always been in force. The policy values the
 * upstream services baked into their facts are derived again here:
 * - `returnDays`: each form's due date is its base day + the new `returnDays` (the base: the
 *   planned date, or the day the form was issued when that was later, a late registration; a
 *   reschedule's new planned date); a form neither filed nor voided when its shadow due date is
 *   over goes overdue in the shadow (the recorded `FormOverdue` facts are not trusted), and a
 *   filing after the shadow due date is late;
 * - `appealDays`: each case's appeal deadline is the day it became visible + the new `appealDays`;
 * - `timeZone`: the days above (the filing's day, the day an event happened, the day a case became
 *   visible) are read in the new zone.
 * What cannot be replayed stays as recorded: the callback sample actually drawn and its outcomes,
 * the administration's decisions, the customers' ratings.
 */
export interface ShadowPolicy {
  returnDays: number;
  appealDays: number;
  timeZone: string;
}

/** One event of the log with the instant it happened (the upstream event's time; a filing's `filedAt`). */
export interface TimedEvent {
  event: LoggedEvent;
  at: string;
}

/** The period range a replay looks at (inclusive, `YYYY-MM`). */
export interface PeriodRange {
  from: string;
  to: string;
}

/** A case whose appeal window would differ under the shadow policy. */
export interface CaseWindowChange {
  caseId: string;
  merchantId: string;
  period: string;
  appealDeadlineNow: string;
  appealDeadlineThen: string;
  /** The merchant's recorded appeal would have come after the shadow deadline (refused, `APPEAL_WINDOW_CLOSED`). */
  appealOutOfTime: boolean;
  /** The recorded decision came while the shadow window was still open, without appeal or waiver (refused, `APPEAL_WINDOW_OPEN`). */
  decidedTooEarly: boolean;
}

const inRange = (period: string, r: PeriodRange) => period >= r.from && period <= r.to;

/**
 * The shadow fold. Feed it the log in order (`apply`), then `finish(asOf)`; it keeps only the
 * forms of the period range (a form is kept from its first event that names a month in range),
 * so its memory grows with the range, not with the whole log.
 */
export class ShadowFold {
  private readonly builder = new ProjectionBuilder();
  /** Shadow due date → the forms that fall overdue when it is over. */
  private readonly pending = new Map<string, Set<string>>();
  /** The latest day seen: the shadow sweeper has made overdue every form due before it. */
  private today = '';
  private readonly dayCache = new Map<number, string>();
  private readonly kept = new Set<string>();
  private readonly caseOfViolation = new Map<string, string>();
  private readonly windows = new Map<string, { now: string; then: string }>();
  /** Recorded `FormOverdue` facts the shadow did not trust. */
  overdueFactsIgnored = 0;

  constructor(
    private readonly policy: ShadowPolicy,
    private readonly range: PeriodRange,
  ) {}

  /** The mall day of an instant in the shadow zone (cached per quarter hour: zones move by 15 minutes at least). */
  private dayOf(at: string): string {
    const t = Date.parse(at);
    const slot = Math.floor(t / 900_000);
    let d = this.dayCache.get(slot);
    if (d === undefined) this.dayCache.set(slot, (d = localDate(new Date(slot * 900_000), this.policy.timeZone)));
    return d;
  }

  private get rows(): Projection {
    return this.builder.projection;
  }

  private dueFrom(base: string): string {
    return addDays(base, this.policy.returnDays);
  }

  private expect(serial: string, due: string): void {
    let set = this.pending.get(due);
    if (!set) this.pending.set(due, (set = new Set()));
    set.add(serial);
  }

  /** The form goes overdue in the shadow if it still waits on a due date that is over by `day`. */
  private overdueIfDue(serial: string, day: string): void {
    const f = this.rows.forms[serial];
    if (!f || f.status !== 'issued' || !f.dueDate || !(day > f.dueDate)) return;
    const { merchantId, plannedDate, dueDate } = f;
    this.builder.apply({ type: 'FormOverdue', data: { serial, merchantId, plannedDate, dueDate } } as LoggedEvent);
    this.linkCase(missingViolationId(serial));
  }

  /**
   * A shadow violation the live log also had keeps the case the log opened for it and that case's
   * decision, even when the shadow found it later than the case was opened.
   */
  private linkCase(violationId: string): void {
    const v = this.rows.violations[violationId];
    const caseId = this.caseOfViolation.get(violationId);
    if (!v || v.caseId || !caseId) return;
    const c = this.rows.cases[caseId];
    if (!c) return;
    const status: Violation['status'] =
      c.status === 'decided'
        ? c.decision.decision === 'dismiss'
          ? 'dismissed'
          : 'upheld'
        : c.status === 'corrected'
          ? 'corrected'
          : v.status;
    this.rows.violations[violationId] = { ...v, caseId, status };
  }

  /** Every form whose shadow due date is over by `day`. */
  private sweep(day: string): void {
    if (day <= this.today) return;
    this.today = day;
    for (const [due, serials] of this.pending)
      if (day > due) {
        this.pending.delete(due);
        for (const serial of serials) this.overdueIfDue(serial, day);
      }
  }

  apply({ event, at }: TimedEvent): void {
    const day = this.dayOf(at);
    this.sweep(day);
    switch (event.type) {
      case 'FormIssued':
      case 'FormRescheduled': {
        const { serial, plannedDate } = event.data;
        const previous = event.type === 'FormRescheduled' ? event.data.previousPlannedDate : plannedDate;
        if (!this.kept.has(serial) && !inRange(plannedDate.slice(0, 7), this.range) && !inRange(previous.slice(0, 7), this.range)) return;
        this.kept.add(serial);
        // a reschedule of a form whose shadow due date passed unseen: it went missing first
        if (event.type === 'FormRescheduled') this.overdueIfDue(serial, day);
        const base =
          event.type === 'FormIssued'
            ? this.dayOf(event.data.issuedAt) > plannedDate
              ? this.dayOf(event.data.issuedAt)
              : plannedDate
            : plannedDate;
        const dueDate = this.dueFrom(base);
        this.builder.apply({ ...event, data: { ...event.data, dueDate } } as LoggedEvent);
        this.expect(serial, dueDate);
        return;
      }
      case 'FormOverdue':
        this.overdueFactsIgnored++;
        return;
      case 'CaseOpened': {
        const { caseId, violationId, visibleAt, openedAt, appealDeadline } = event.data;
        this.caseOfViolation.set(violationId, caseId);
        const then = addDays(this.dayOf(visibleAt ?? openedAt), this.policy.appealDays);
        if (inRange(event.data.period, this.range)) this.windows.set(caseId, { now: appealDeadline, then });
        this.builder.apply({ ...event, data: { ...event.data, appealDeadline: then } });
        return;
      }
      case 'MerchantRegistered':
      case 'FindingRecorded':
      case 'FindingWithdrawn':
      case 'AppealSubmitted':
      case 'AppealWaived':
      case 'FinePaymentRecorded':
      case 'CaseDecided':
      case 'CaseCorrected':
      case 'PolicyChanged':
        this.builder.apply(event);
        return;
      default: {
        const serial = event.data.serial;
        if (!this.kept.has(serial)) {
          if (!inRange(event.data.plannedDate.slice(0, 7), this.range)) return;
          this.kept.add(serial);
        }
        // filed or voided after the shadow due date, before the sweep saw it: overdue first (docs/rules.md#5-deadline)
        this.overdueIfDue(serial, day);
        if (event.type === 'FormFiled') {
          const due = this.rows.forms[serial]?.dueDate;
          const late = due ? this.dayOf(event.data.filedAt) > due : event.data.late;
          this.builder.apply({ ...event, data: { ...event.data, late } });
          return;
        }
        this.builder.apply(event);
      }
    }
  }

  /** Ends the replay at `asOf` (the forms whose shadow due date is over by then are overdue) and gives the shadow. */
  finish(asOf: Date): ShadowResult {
    const day = localDate(asOf, this.policy.timeZone);
    this.sweep(day);
    for (const serial of this.kept) this.overdueIfDue(serial, day);
    const p = this.rows;
    const cases: CaseWindowChange[] = [];
    for (const [caseId, w] of this.windows) {
      const c = p.cases[caseId];
      if (!c || w.now === w.then) continue;
      const appealDay = c.appeal ? this.dayOf(c.appeal.submittedAt) : null;
      const waived = 'waivedAt' in c && !!c.waivedAt;
      cases.push({
        caseId,
        merchantId: c.merchantId,
        period: c.period,
        appealDeadlineNow: w.now,
        appealDeadlineThen: w.then,
        appealOutOfTime: appealDay !== null && appealDay > w.then,
        decidedTooEarly: c.status === 'decided' && !c.appeal && !waived && c.decision.decidedOn <= w.then,
      });
    }
    return {
      forms: Object.values(p.forms).filter((f) => inRange(f.period, this.range)),
      violations: Object.values(p.violations).filter((v) => inRange(v.period, this.range)),
      merchants: p.merchants,
      cases: cases.sort((a, b) => (a.caseId < b.caseId ? -1 : 1)),
    };
  }
}

export interface ShadowResult {
  forms: FormView[];
  violations: Violation[];
  merchants: Projection['merchants'];
  cases: CaseWindowChange[];
}

/** One merchant's month whose score would differ. */
export interface ScoreChange {
  merchantId: string;
  period: string;
  scoreNow: number | null;
  scoreThen: number | null;
  /** scoreThen − scoreNow, one decimal; null when either is "no data". */
  delta: number | null;
  returnRateNow: number | null;
  returnRateThen: number | null;
}

export interface ViolationChange {
  id: string;
  merchantId: string;
  period: string;
  kind: Violation['kind'];
  serial: string | null;
  dueDate: string | null;
}

export interface WhatIfComparison {
  scores: ScoreChange[];
  violationsAppearing: ViolationChange[];
  violationsVanishing: ViolationChange[];
}

const groupBy = <T extends { merchantId: string; period: string }>(rows: T[]) => {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = `${r.merchantId}|${r.period}`;
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
};

/** A violation still counting against a score (not dismissed, not corrected). */
const standing = (v: Violation) => v.status !== 'dismissed' && v.status !== 'corrected';
const change = (v: Violation): ViolationChange => ({
  id: v.id,
  merchantId: v.merchantId,
  period: v.period,
  kind: v.kind,
  serial: v.serial,
  dueDate: v.dueDate,
});

/**
 * The merchants' months whose score or return rate would differ, and the violations that would
 * appear or vanish (standing ones only), between the live projection and the shadow, both over the
 * same period range.
 */
export function compareProjections(
  live: { forms: FormView[]; violations: Violation[] },
  shadow: { forms: FormView[]; violations: Violation[] },
): WhatIfComparison {
  const liveForms = groupBy(live.forms);
  const liveViolations = groupBy(live.violations);
  const shadowForms = groupBy(shadow.forms);
  const shadowViolations = groupBy(shadow.violations);
  const keys = new Set([...liveForms.keys(), ...liveViolations.keys(), ...shadowForms.keys(), ...shadowViolations.keys()]);
  const scores: ScoreChange[] = [];
  for (const key of [...keys].sort()) {
    const [merchantId, period] = key.split('|');
    const now = scorecard(merchantId, period, liveForms.get(key) ?? [], liveViolations.get(key) ?? []);
    const then = scorecard(merchantId, period, shadowForms.get(key) ?? [], shadowViolations.get(key) ?? []);
    if (now.score === then.score && now.returnRate === then.returnRate) continue;
    scores.push({
      merchantId,
      period,
      scoreNow: now.score,
      scoreThen: then.score,
      delta: now.score === null || then.score === null ? null : Math.round((then.score - now.score) * 10) / 10,
      returnRateNow: now.returnRate,
      returnRateThen: then.returnRate,
    });
  }
  const liveStanding = new Map(live.violations.filter(standing).map((v) => [v.id, v]));
  const shadowStanding = new Map(shadow.violations.filter(standing).map((v) => [v.id, v]));
  const byId = (a: ViolationChange, b: ViolationChange) => (a.id < b.id ? -1 : 1);
  return {
    scores,
    violationsAppearing: [...shadowStanding.values()]
      .filter((v) => !liveStanding.has(v.id))
      .map(change)
      .sort(byId),
    violationsVanishing: [...liveStanding.values()]
      .filter((v) => !shadowStanding.has(v.id))
      .map(change)
      .sort(byId),
  };
}
