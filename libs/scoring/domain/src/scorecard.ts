import { percentOneDecimal } from '@fd/kernel';
import type { Rating } from '@fd/contracts';
import type { FormStatus, FormView, Violation, ViolationStatus } from './projection';

/** How a form counts in the satisfaction rate (合格項 / 不合格項), or not at all. */
export type Counted = 'qualified' | 'unqualified' | 'none';

export function countedAs(form: FormView): Counted {
  if (form.status !== 'filed') return 'none';
  // 很滿意, 滿意, 較滿意 by certified staff are qualified; 不滿意 or uncertified staff are not
  return form.rating !== 'unsatisfied' && form.staffCertified === true ? 'qualified' : 'unqualified';
}

/** The figures of one merchant's evaluation in one period (docs/rules.md#the-merchants-evaluation). */
export interface ScoreFigures {
  /** null: no data (nothing filed and no violation). */
  score: number | null;
  satisfactionRate: number | null;
  returnRate: number | null;
  /** Forms of the period that were not voided. */
  formsIssued: number;
  /** filed + overdue (past the deadline and still unfiled). */
  formsDue: number;
  formsFiled: number;
  qualified: number;
  unqualified: number;
  /** The return rate is below 60%: the administration is warned. */
  returnRateWarning: boolean;
}

export interface ScorecardViolation {
  id: string;
  kind: Violation['kind'];
  serial?: string;
  findingId?: string;
  status: ViolationStatus;
  caseId: string | null;
}

export interface ScorecardForm {
  serial: string;
  plannedDate: string;
  dueDate: string | null;
  status: FormStatus;
  rating: Rating | null;
  staffCertified: boolean | null;
  counted: Counted;
}

export interface Scorecard extends ScoreFigures {
  merchantId: string;
  period: string;
  /** The violations dated to this period; any not dismissed sets the score to 0. */
  violations: ScorecardViolation[];
  /** The forms behind the figures, so each number can be explained. */
  forms: ScorecardForm[];
}

/** The evaluation of one merchant in one period, from its forms and violations (others in the lists are ignored). */
export function scorecard(merchantId: string, period: string, forms: FormView[], violations: Violation[]): Scorecard {
  const own = forms.filter((f) => f.merchantId === merchantId && f.period === period).sort((a, b) => (a.serial < b.serial ? -1 : 1));
  const charged = violations.filter((v) => v.merchantId === merchantId && v.period === period).sort((a, b) => (a.id < b.id ? -1 : 1));
  const counted = own.map((f) => ({ form: f, counted: countedAs(f) }));
  const qualified = counted.filter((c) => c.counted === 'qualified').length;
  const unqualified = counted.filter((c) => c.counted === 'unqualified').length;
  const formsFiled = own.filter((f) => f.status === 'filed').length;
  const overdue = own.filter((f) => f.status === 'overdue').length;
  const formsDue = formsFiled + overdue;
  const satisfactionRate = percentOneDecimal(qualified, qualified + unqualified);
  // only a dismissal lifts a violation, or a correction of the record that made it
  const standing = charged.some((v) => v.status !== 'dismissed' && v.status !== 'corrected');
  return {
    merchantId,
    period,
    score: standing ? 0 : formsFiled === 0 ? null : satisfactionRate,
    satisfactionRate,
    returnRate: percentOneDecimal(formsFiled, formsDue),
    formsIssued: own.filter((f) => f.status !== 'voided').length,
    formsDue,
    formsFiled,
    qualified,
    unqualified,
    // on the exact ratio: 59.96% is below 60% even though it shows as 60.0
    returnRateWarning: formsDue > 0 && formsFiled * 5 < formsDue * 3,
    violations: charged.map((v) => ({
      id: v.id,
      kind: v.kind,
      ...(v.serial ? { serial: v.serial } : {}),
      ...(v.findingId ? { findingId: v.findingId } : {}),
      status: v.status,
      caseId: v.caseId,
    })),
    forms: counted.map(({ form: f, counted: c }) => ({
      serial: f.serial,
      plannedDate: f.plannedDate,
      dueDate: f.dueDate,
      status: f.status,
      rating: f.rating,
      staffCertified: f.staffCertified,
      counted: c,
    })),
  };
}

/** The figures alone (what the scores table keeps per merchant and period). */
export function figuresOf(card: Scorecard): ScoreFigures {
  const { score, satisfactionRate, returnRate, formsIssued, formsDue, formsFiled, qualified, unqualified, returnRateWarning } = card;
  return { score, satisfactionRate, returnRate, formsIssued, formsDue, formsFiled, qualified, unqualified, returnRateWarning };
}

/** Every merchant and period that has a form or a violation, with its scorecard. */
export function allScorecards(forms: FormView[], violations: Violation[]): Scorecard[] {
  const groups = new Map<string, { merchantId: string; period: string; forms: FormView[]; violations: Violation[] }>();
  const group = (merchantId: string, period: string) => {
    const key = `${merchantId}|${period}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { merchantId, period, forms: [], violations: [] }));
    return g;
  };
  for (const f of forms) group(f.merchantId, f.period).forms.push(f);
  for (const v of violations) group(v.merchantId, v.period).violations.push(v);
  return [...groups.values()].map((g) => scorecard(g.merchantId, g.period, g.forms, g.violations));
}
