import { penaltyKinds, type PenaltyKind } from '@fd/contracts';
import { localDate, percentOneDecimal, periodOf } from '@fd/kernel';
import type { LoggedEvent, MerchantView, Projection } from './projection';
import { ProjectionBuilder } from './projection';
import {
  ACTION_EVENT_TYPES,
  CorrectiveAction,
  CorrectiveActionEvent,
  correctiveActionDecider,
  escalationOf,
} from './corrective-action.decider';
import { allScorecards, figuresOf, ScoreFigures } from './scorecard';

/**
 * The monthly management report's figures (docs/rules.md#the-monthly-management-report): each
 * month as it stood when it closed, folded from the events of this service's log dated up to the
 * month's last day (mall time zone), so a report asked later gives the same figures.
 */
export const PENALTY_KINDS: readonly PenaltyKind[] = penaltyKinds;

export interface CaseCounts {
  /** Cases opened in the month (the day the violation came to light). */
  opened: number;
  /** Decided in the month: upheld. */
  upheld: number;
  /** Decided in the month: dismissed. */
  dismissed: number;
  /** Closed in the month as corrected (the record behind them was corrected). */
  corrected: number;
}

export interface ActionCounts {
  /** Corrective actions opened in the month. */
  opened: number;
  /** Closed in the month: checked effective, or closed by the manager. */
  closed: number;
  /** At the month's end: open, not marked done, and due before the next month. */
  overdue: number;
}

export interface MonthFigures extends Omit<ScoreFigures, 'score'> {
  /** Violations of the month that still count (not dismissed, not corrected), by kind. */
  violations: Record<PenaltyKind, number>;
  cases: CaseCounts;
  actions: ActionCounts;
}

export interface MerchantMonthFigures extends MonthFigures {
  merchantId: string;
  name: string | null;
  stall: string | null;
  score: number | null;
}

export interface MonthReport {
  period: string;
  totals: MonthFigures & { merchants: number };
  merchants: MerchantMonthFigures[];
}

const noViolations = () => Object.fromEntries(PENALTY_KINDS.map((k) => [k, 0])) as Record<PenaltyKind, number>;
const noCases = (): CaseCounts => ({ opened: 0, upheld: 0, dismissed: 0, corrected: 0 });
const noActions = (): ActionCounts => ({ opened: 0, closed: 0, overdue: 0 });

/** The corrective actions as a month closed, and what happened to them in it. */
export interface ActionsAtClose {
  actions: Record<string, CorrectiveAction>;
  /** Action ids opened in the month, and closed in it. */
  openedIn: Set<string>;
  closedIn: Set<string>;
}
const noActionsAtClose = (): ActionsAtClose => ({ actions: {}, openedIn: new Set(), closedIn: new Set() });

/** The month (YYYY-MM) `months` before or after `period`. */
export function shiftPeriod(period: string, months: number): string {
  const [y, m] = period.split('-').map(Number);
  const i = y * 12 + (m - 1) + months;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** The figures of `period` from a projection folded up to that month's close. */
export function monthFigures(p: Projection, period: string, timeZone: string, acts: ActionsAtClose = noActionsAtClose()): MonthReport {
  const rows = new Map<string, MerchantMonthFigures>();
  const row = (merchantId: string): MerchantMonthFigures => {
    let r = rows.get(merchantId);
    if (!r) {
      const m: MerchantView | undefined = p.merchants[merchantId];
      r = {
        merchantId,
        name: m?.name ?? null,
        stall: m?.stall ?? null,
        score: null,
        satisfactionRate: null,
        returnRate: null,
        formsIssued: 0,
        formsDue: 0,
        formsFiled: 0,
        qualified: 0,
        unqualified: 0,
        returnRateWarning: false,
        violations: noViolations(),
        cases: noCases(),
        actions: noActions(),
      };
      rows.set(merchantId, r);
    }
    return r;
  };
  const forms = Object.values(p.forms).filter((f) => f.period === period);
  const violations = Object.values(p.violations).filter((v) => v.period === period);
  for (const card of allScorecards(forms, violations)) Object.assign(row(card.merchantId), figuresOf(card));
  for (const v of violations) if (v.status !== 'dismissed' && v.status !== 'corrected') row(v.merchantId).violations[v.kind] += 1;
  const inMonth = (instantOrDate: string | undefined, isDate = false) =>
    !!instantOrDate && periodOf(isDate ? instantOrDate : localDate(new Date(instantOrDate), timeZone)) === period;
  for (const c of Object.values(p.cases)) {
    if (inMonth(c.openedAt)) row(c.merchantId).cases.opened += 1;
    if (c.status === 'decided' && inMonth(c.decision.decidedOn, true))
      row(c.merchantId).cases[c.decision.decision === 'uphold' ? 'upheld' : 'dismissed'] += 1;
    if (c.status === 'corrected' && inMonth(c.correction.correctedOn, true)) row(c.merchantId).cases.corrected += 1;
  }
  // the mall's actions include the departments'; a merchant's row shows those addressed to it
  const actionTotals = noActions();
  const firstOfNext = `${shiftPeriod(period, 1)}-01`;
  for (const a of Object.values(acts.actions)) {
    const counts = [actionTotals, ...(a.owner.merchantId ? [row(a.owner.merchantId).actions] : [])];
    for (const c of counts) {
      if (acts.openedIn.has(a.actionId)) c.opened += 1;
      if (acts.closedIn.has(a.actionId)) c.closed += 1;
      if (escalationOf(a, firstOfNext) === 'overdue') c.overdue += 1;
    }
  }
  const merchants = [...rows.values()].sort(
    (a, b) =>
      (a.stall ?? '\uffff').localeCompare(b.stall ?? '\uffff') ||
      (a.name ?? '').localeCompare(b.name ?? '') ||
      a.merchantId.localeCompare(b.merchantId),
  );
  const sum = (f: (r: MerchantMonthFigures) => number) => merchants.reduce((n, r) => n + f(r), 0);
  const qualified = sum((r) => r.qualified);
  const unqualified = sum((r) => r.unqualified);
  const formsFiled = sum((r) => r.formsFiled);
  const formsDue = sum((r) => r.formsDue);
  const violationTotals = noViolations();
  const caseTotals = noCases();
  for (const r of merchants) {
    for (const k of PENALTY_KINDS) violationTotals[k] += r.violations[k];
    for (const k of Object.keys(caseTotals) as Array<keyof CaseCounts>) caseTotals[k] += r.cases[k];
  }
  return {
    period,
    totals: {
      merchants: merchants.length,
      satisfactionRate: percentOneDecimal(qualified, qualified + unqualified),
      returnRate: percentOneDecimal(formsFiled, formsDue),
      formsIssued: sum((r) => r.formsIssued),
      formsDue,
      formsFiled,
      qualified,
      unqualified,
      returnRateWarning: formsDue > 0 && formsFiled * 5 < formsDue * 3,
      violations: violationTotals,
      cases: caseTotals,
      actions: actionTotals,
    },
    merchants,
  };
}

/**
 * When a logged event counts as having happened: a case opened when its violation came to light
 * (`openedAt`, the revealing fact's time, though the case may be recorded later); every other
 * event when the log says it occurred (an upstream fact: when the upstream service said so).
 */
export function dateOf(event: { type: string; data: unknown }, occurredAt: string): string {
  if (event.type === 'CaseOpened') return (event.data as { openedAt: string }).openedAt;
  return occurredAt;
}

export interface DatedEvent {
  event: LoggedEvent | CorrectiveActionEvent;
  occurredAt: string;
}

/**
 * The report of `period` and the mall totals of the 12 months before it, each month folded from
 * the events dated up to its own close: one pass over the log, one fold per month.
 */
export class MonthlyReportBuilder {
  readonly periods: string[];
  private readonly builders: ProjectionBuilder[];
  private readonly actions: ActionsAtClose[];
  events = 0;

  constructor(
    readonly period: string,
    private readonly timeZone: string,
    months = 13,
  ) {
    this.periods = Array.from({ length: months }, (_, i) => shiftPeriod(period, i - (months - 1)));
    this.builders = this.periods.map(() => new ProjectionBuilder());
    this.actions = this.periods.map(noActionsAtClose);
  }

  apply({ event, occurredAt }: DatedEvent): void {
    this.events += 1;
    const month = periodOf(localDate(new Date(occurredAt), this.timeZone));
    const isAction = ACTION_EVENT_TYPES.has(event.type);
    this.periods.forEach((p, i) => {
      if (month > p) return;
      if (!isAction) this.builders[i].apply(event as LoggedEvent);
      else this.applyAction(this.actions[i], event as unknown as CorrectiveActionEvent, month === p);
    });
  }

  private applyAction(acts: ActionsAtClose, event: CorrectiveActionEvent, inMonth: boolean): void {
    const id = event.data.actionId;
    const before = acts.actions[id] ?? correctiveActionDecider.initialState();
    const after = correctiveActionDecider.evolve(before, event);
    if (after.status === 'none') return;
    acts.actions[id] = after;
    if (inMonth && event.type === 'ActionOpened') acts.openedIn.add(id);
    if (inMonth && after.status === 'closed' && before.status !== 'closed') acts.closedIn.add(id);
  }

  result(): { report: MonthReport; trend: Array<{ period: string } & MonthReport['totals']> } {
    const reports = this.periods.map((p, i) => monthFigures(this.builders[i].projection, p, this.timeZone, this.actions[i]));
    return { report: reports[reports.length - 1], trend: reports.map((r) => ({ period: r.period, ...r.totals })) };
  }
}
