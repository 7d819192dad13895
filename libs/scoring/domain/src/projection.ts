import type { PenaltyKind, Rating } from '@fd/contracts';
import { periodOf } from '@fd/kernel';
import { canonicalJson, FormFact, UpstreamFact } from './facts';
import { PenaltyCase, penaltyCaseDecider, PenaltyCaseEvent } from './penalty-case.decider';
import type { PolicyEvent } from './policy.decider';

/** Everything in this service's log, in the order the projection folds it. */
export type LoggedEvent = UpstreamFact | PenaltyCaseEvent | PolicyEvent;

export type FormStatus = 'issued' | 'filed' | 'overdue' | 'voided';

/** A feedback form as far as the evaluation cares. */
export interface FormView {
  serial: string;
  merchantId: string;
  /** The current planned service date; a reschedule moves it (and the form's period with it). */
  plannedDate: string;
  dueDate: string | null;
  period: string;
  status: FormStatus;
  /** The rating that counts: the customer's, when a callback replaced the form's. */
  rating: Rating | null;
  staffId: string | null;
  staffCertified: boolean | null;
  servicedOn: string | null;
  late: boolean;
  verified: boolean;
  forged: boolean;
}

/** `corrected`: the record that made it (a callback outcome, a finding) was corrected by an administrator. */
export type ViolationStatus = 'open' | 'upheld' | 'dismissed' | 'corrected';

/** A missing or forged form, or a service without a form: sets its period's score to 0 until dismissed. */
export interface Violation {
  id: string;
  merchantId: string;
  kind: PenaltyKind;
  /** The month it is dated to: the form's planned service date when it happened, or the finding's service date. */
  period: string;
  serial: string | null;
  findingId: string | null;
  /** The penalty case it opened (set once the case is in the log). */
  caseId: string | null;
  status: ViolationStatus;
  /** A missing form's: the deadline it missed (null when unknown: a finding, a forgery, or a row older than this field). */
  dueDate: string | null;
}

export interface MerchantView {
  merchantId: string;
  name: string;
  stall: string;
  category: string;
}

/** The read model, keyed like the tables that hold it. */
export interface Projection {
  merchants: Record<string, MerchantView>;
  forms: Record<string, FormView>;
  violations: Record<string, Violation>;
  cases: Record<string, PenaltyCase>;
}

export type RowKeys = { [K in keyof Projection]: string[] };

export const emptyProjection = (): Projection => ({ merchants: {}, forms: {}, violations: {}, cases: {} });

// A form carries at most one "missing" violation (overdue or no_form, whichever came first) and one "forged".
export const missingViolationId = (serial: string) => `missing:${serial}`;
export const forgedViolationId = (serial: string) => `forged:${serial}`;
export const findingViolationId = (findingId: string) => `finding:${findingId}`;
/** A form missing again, its later deadline missed after a reschedule (docs/rules.md#example-r5-rescheduled-and-missed-again). */
export const missedAgainViolationId = (serial: string, dueDate: string) => `missing:${serial}@${dueDate}`;

/** The rows an event reads and writes; `evolve` needs exactly these in the projection it is given. */
export function rowsTouchedBy(event: LoggedEvent): RowKeys {
  const none: RowKeys = { merchants: [], forms: [], violations: [], cases: [] };
  switch (event.type) {
    case 'MerchantRegistered':
      return { ...none, merchants: [event.data.merchantId] };
    case 'FindingRecorded':
    case 'FindingWithdrawn':
      return { ...none, violations: [findingViolationId(event.data.findingId)] };
    case 'CaseOpened':
    case 'CaseDecided':
    case 'CaseCorrected':
      return { ...none, cases: [event.data.caseId], violations: [event.data.violationId] };
    case 'AppealSubmitted':
    case 'AppealWaived':
    case 'FinePaymentRecorded':
      return { ...none, cases: [event.data.caseId] };
    case 'PolicyChanged':
      return none;
    case 'FormOverdue': {
      const serial = event.data.serial;
      const again = missedAgainViolationId(serial, event.data.dueDate);
      return { ...none, forms: [serial], violations: [missingViolationId(serial), again, forgedViolationId(serial)] };
    }
    default: {
      const serial = event.data.serial;
      return { ...none, forms: [serial], violations: [missingViolationId(serial), forgedViolationId(serial)] };
    }
  }
}

function evolveForm(before: FormView | undefined, fact: FormFact): FormView {
  const { serial, merchantId, plannedDate } = fact.data;
  // every form event names the form, so a form is known even if its FormIssued was never seen
  const form: FormView = before ?? {
    serial,
    merchantId,
    plannedDate,
    dueDate: null,
    period: periodOf(plannedDate),
    status: 'issued',
    rating: null,
    staffId: null,
    staffCertified: null,
    servicedOn: null,
    late: false,
    verified: false,
    forged: false,
  };
  switch (fact.type) {
    case 'FormIssued':
      return { ...form, plannedDate, period: periodOf(plannedDate), dueDate: fact.data.dueDate };
    case 'FormFiled': {
      const { rating, staffId, staffCertified, servicedOn, late } = fact.data;
      return { ...form, status: 'filed', rating, staffId, staffCertified, servicedOn, late };
    }
    case 'FormCertificationReassessed':
      // the staff member's registration arrived after the filing (docs/rules.md#example-r4-staff-registered-just-before-the-filing)
      return form.status === 'filed' && form.staffId === fact.data.staffId ? { ...form, staffCertified: fact.data.staffCertified } : form;
    case 'FormVoided':
      return { ...form, status: 'voided' };
    case 'FormOverdue':
      // only a form still waiting for its return becomes overdue (a late filing stays filed)
      return form.status === 'issued' ? { ...form, status: 'overdue', dueDate: fact.data.dueDate } : form;
    case 'FormRescheduled':
      // the service has not happened yet: a new deadline runs in the form's new month
      return {
        ...form,
        plannedDate,
        period: periodOf(plannedDate),
        dueDate: fact.data.dueDate,
        status: form.status === 'overdue' ? 'issued' : form.status,
      };
    case 'FormRatingReplaced':
      return form.status === 'filed' ? { ...form, rating: fact.data.rating } : form;
    case 'FormVerified':
      return { ...form, verified: true };
    case 'FormForged':
      return { ...form, forged: true };
    case 'FormReportedMissing':
    case 'FormSelfConfirmed':
      return form;
    case 'FormCallbackCorrected': {
      // what a mistaken callback outcome did is undone: the form's own rating, no forgery
      const { rating, unforged } = fact.data;
      return {
        ...form,
        ...(rating && form.status === 'filed' ? { rating } : {}),
        ...(unforged ? { forged: false } : {}),
      };
    }
    default: {
      const unknown: never = fact;
      throw new Error(`unknown form event ${JSON.stringify(unknown)}`);
    }
  }
}

/** The violation a form event brings to light, if any (docs/rules.md#7-violations-and-penalty-cases). */
function formViolation(before: FormView | undefined, after: FormView, fact: FormFact): Violation | null {
  const ref = {
    merchantId: after.merchantId,
    period: periodOf(fact.data.plannedDate),
    serial: after.serial,
    findingId: null,
    caseId: null,
    status: 'open' as const,
    dueDate: null,
  };
  switch (fact.type) {
    case 'FormOverdue':
      return before?.status !== 'overdue' && after.status === 'overdue'
        ? { ...ref, id: missingViolationId(after.serial), kind: 'form_not_returned', dueDate: fact.data.dueDate }
        : null;
    case 'FormReportedMissing':
      return { ...ref, id: missingViolationId(after.serial), kind: 'no_form', dueDate: before?.dueDate ?? null };
    case 'FormForged':
      return { ...ref, id: forgedViolationId(after.serial), kind: 'forged' };
    default:
      return null;
  }
}

/**
 * A form's missing violation is one per deadline: when the form already went missing on an earlier
 * deadline and was rescheduled since, missing the new one is a violation of its own (in its new month).
 */
function missedAgain(p: Projection, v: Violation | null): Violation | null {
  if (!v || v.kind !== 'form_not_returned' || !v.serial || !v.dueDate) return v;
  const first = p.violations[v.id];
  return first?.dueDate && first.dueDate !== v.dueDate ? { ...v, id: missedAgainViolationId(v.serial, v.dueDate) } : v;
}

/**
 * The violations a corrected record made count as none (docs/rules.md#7-violations-and-penalty-cases):
 * an open one is corrected; a decided one keeps its decision, which is final.
 */
function correctViolations(p: Projection, ids: string[]): Projection {
  const violations = { ...p.violations };
  for (const id of ids) if (violations[id]?.status === 'open') violations[id] = { ...violations[id], status: 'corrected' };
  return { ...p, violations };
}

const withViolation = (p: Projection, v: Violation | null): Projection =>
  // the first violation of its id stands; a repeat (a second overdue, no_form after overdue) adds nothing
  v && !p.violations[v.id] ? { ...p, violations: { ...p.violations, [v.id]: v } } : p;

/**
 * Folds one event of the log into the projection. Pure; it reads and writes only the rows
 * `rowsTouchedBy(event)` names, so it works as well on the whole projection as on those rows alone.
 */
export function evolve(p: Projection, event: LoggedEvent): Projection {
  switch (event.type) {
    case 'MerchantRegistered': {
      const { merchantId, name, stall, category } = event.data;
      return { ...p, merchants: { ...p.merchants, [merchantId]: { merchantId, name, stall, category } } };
    }
    case 'FindingRecorded': {
      const { findingId, merchantId, kind, servicedOn, purchasedOn, recordedOn } = event.data;
      return withViolation(p, {
        id: findingViolationId(findingId),
        merchantId,
        // a finding stored before sales kept from the desk were findings has its one kind
        kind: kind ?? 'service_without_form',
        // the month of the service (or of the sale kept from the desk), or of the finding when that date is unknown
        period: periodOf(servicedOn ?? purchasedOn ?? recordedOn),
        serial: null,
        findingId,
        caseId: null,
        status: 'open',
        dueDate: null,
      });
    }
    case 'FindingWithdrawn':
      return correctViolations(p, [findingViolationId(event.data.findingId)]);
    case 'AppealWaived':
    case 'FinePaymentRecorded': {
      // the case alone: neither changes a violation
      const caseId = event.data.caseId;
      const next = penaltyCaseDecider.evolve(p.cases[caseId] ?? penaltyCaseDecider.initialState(), event);
      return next.status === 'none' ? p : { ...p, cases: { ...p.cases, [caseId]: next } };
    }
    case 'CaseOpened':
    case 'AppealSubmitted':
    case 'CaseDecided':
    case 'CaseCorrected': {
      const caseId = event.data.caseId;
      const next = penaltyCaseDecider.evolve(p.cases[caseId] ?? penaltyCaseDecider.initialState(), event);
      const cases = next.status === 'none' ? p.cases : { ...p.cases, [caseId]: next };
      if (event.type === 'AppealSubmitted') return { ...p, cases };
      const violation = p.violations[event.data.violationId];
      if (!violation) return { ...p, cases };
      const changed: Violation =
        event.type === 'CaseOpened'
          ? { ...violation, caseId }
          : event.type === 'CaseCorrected'
            ? violation.status === 'open'
              ? { ...violation, status: 'corrected' }
              : violation
            : { ...violation, status: event.data.decision === 'dismiss' ? 'dismissed' : 'upheld' };
      return { ...p, cases, violations: { ...p.violations, [violation.id]: changed } };
    }
    case 'PolicyChanged':
      return p;
    case 'FormCallbackCorrected': {
      const before = p.forms[event.data.serial];
      const after = evolveForm(before, event);
      const { serial, unforged, unmissing } = event.data;
      // only a violation the corrected outcome made: a missing form reported by no_form, not one that fell overdue
      const made = [
        ...(unforged ? [forgedViolationId(serial)] : []),
        ...(unmissing && p.violations[missingViolationId(serial)]?.kind === 'no_form' ? [missingViolationId(serial)] : []),
      ];
      return correctViolations({ ...p, forms: { ...p.forms, [after.serial]: after } }, made);
    }
    default: {
      const before = p.forms[event.data.serial];
      const after = evolveForm(before, event);
      return withViolation({ ...p, forms: { ...p.forms, [after.serial]: after } }, missedAgain(p, formViolation(before, after, event)));
    }
  }
}

/** Just the rows named by `keys` (what the service loads from its tables before folding one event). */
export function pickRows(p: Projection, keys: RowKeys): Projection {
  const pick = <T>(rows: Record<string, T>, ids: string[]) =>
    Object.fromEntries(ids.filter((id) => rows[id] !== undefined).map((id) => [id, rows[id]]));
  return {
    merchants: pick(p.merchants, keys.merchants),
    forms: pick(p.forms, keys.forms),
    violations: pick(p.violations, keys.violations),
    cases: pick(p.cases, keys.cases),
  };
}

export interface MerchantPeriod {
  merchantId: string;
  period: string;
}

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/** What one folded event changed: the rows to write, the scorecards to recompute, the violations that are new. */
export function changesBetween(before: Projection, after: Projection) {
  const changed = <T>(key: keyof Projection) =>
    Object.entries(after[key] as Record<string, T>)
      .filter(([id, row]) => !same((before[key] as Record<string, T>)[id], row))
      .map(([, row]) => row);
  const forms = changed<FormView>('forms');
  const violations = changed<Violation>('violations');
  const periods = new Map<string, MerchantPeriod>();
  const touch = (row: { merchantId: string; period: string } | undefined) => {
    if (row) periods.set(`${row.merchantId}|${row.period}`, { merchantId: row.merchantId, period: row.period });
  };
  for (const f of forms) {
    touch(before.forms[f.serial]); // a reschedule leaves one month and joins another
    touch(f);
  }
  for (const v of violations) {
    touch(before.violations[v.id]);
    touch(v);
  }
  return {
    merchants: changed<MerchantView>('merchants'),
    forms,
    violations,
    cases: changed<PenaltyCase>('cases'),
    periods: [...periods.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, mp]) => mp),
    newViolations: violations.filter((v) => !before.violations[v.id]),
  };
}

/**
 * Folds a log into a projection, one event's rows at a time (as the service does against its
 * tables), so a fold of thousands of events does not copy the whole projection per event.
 */
export class ProjectionBuilder {
  private readonly rows = emptyProjection();

  apply(event: LoggedEvent): this {
    const keys = rowsTouchedBy(event);
    const next = evolve(pickRows(this.rows, keys), event);
    for (const key of Object.keys(keys) as Array<keyof Projection>)
      for (const id of keys[key]) {
        const row = (next[key] as Record<string, unknown>)[id];
        if (row !== undefined) (this.rows[key] as Record<string, unknown>)[id] = row;
      }
    return this;
  }

  applyAll(events: Iterable<LoggedEvent>): this {
    for (const e of events) this.apply(e);
    return this;
  }

  get projection(): Projection {
    return this.rows;
  }
}

/** The whole fold, from the first event. */
export function project(events: Iterable<LoggedEvent>): Projection {
  return new ProjectionBuilder().applyAll(events).projection;
}
