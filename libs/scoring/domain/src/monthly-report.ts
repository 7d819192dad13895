import { penaltyKinds, type PenaltyKind } from '@fd/contracts';
import { localDate, percentOneDecimal, periodOf } from '@fd/kernel';
import type { LoggedEvent, MerchantView, Projection } from './projection';
import { ProjectionBuilder } from './projection';
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

export interface MonthFigures extends Omit<ScoreFigures, 'score'> {
  /** Violations of the month that still count (not dismissed, not corrected), by kind. */
  violations: Record<PenaltyKind, number>;
  cases: CaseCounts;
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

/** The month (YYYY-MM) `months` before or after `period`. */
export function shiftPeriod(period: string, months: number): string {
  const [y, m] = period.split('-').map(Number);
  const i = y * 12 + (m - 1) + months;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** The figures of `period` from a projection folded up to that month's close. */
export function monthFigures(p: Projection, period: string, timeZone: string): MonthReport {
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
    },
    merchants,
  };
}

export interface DatedEvent {
  event: LoggedEvent;
  occurredAt: string;
}

/**
 * The report of `period` and the mall totals of the 12 months before it, each month folded from
 * the events dated up to its own close: one pass over the log, one fold per month.
 */
export class MonthlyReportBuilder {
  readonly periods: string[];
  private readonly builders: ProjectionBuilder[];
  events = 0;

  constructor(
    readonly period: string,
    private readonly timeZone: string,
    months = 13,
  ) {
    this.periods = Array.from({ length: months }, (_, i) => shiftPeriod(period, i - (months - 1)));
    this.builders = this.periods.map(() => new ProjectionBuilder());
  }

  apply({ event, occurredAt }: DatedEvent): void {
    this.events += 1;
    const month = periodOf(localDate(new Date(occurredAt), this.timeZone));
    this.periods.forEach((p, i) => {
      if (month <= p) this.builders[i].apply(event);
    });
  }

  result(): { report: MonthReport; trend: Array<{ period: string } & MonthReport['totals']> } {
    const reports = this.periods.map((p, i) => monthFigures(this.builders[i].projection, p, this.timeZone));
    return { report: reports[reports.length - 1], trend: reports.map((r) => ({ period: r.period, ...r.totals })) };
  }
}
