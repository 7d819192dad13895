import type { CallbackOutcome, Rating } from '@fd/contracts';
import { addDays, conflict, DomainError, type FieldError, invalidInput, isValidDate, localDate, notFound, ruleRefuses } from '@fd/kernel';
import type { Decider } from '@fd/kernel';

/**
 * The callback tasks of one form (docs/rules.md#6-callback). One stream per serial, so that "at
 * most one open task per form" is decided here rather than hoped for in a table.
 */
export type CallbackReason = 'unsatisfied' | 'unqualified' | 'overdue' | 'recent_forgery' | 'sample';

/** An upheld forgery this many days before a filing (inclusive) puts the merchant's forms under callback. */
export const RECENT_FORGERY_DAYS = 90;
/** The attempt that closes a task with the customer still unreachable. */
export const MAX_UNREACHABLE_ATTEMPTS = 3;

/**
 * The policy a decision used (PolicyChanged); version 1 while the rule book's defaults apply
 * (docs/rules.md#policy). Tasks opened before the service kept the policy in the platform's way
 * say null for the defaults.
 */
export interface CallbackPolicy {
  version: number | null;
  callbackSampleRate: number;
  timeZone: string;
}

export type FormCallbacksCommand =
  | {
      type: 'OpenCallbackForFiling';
      callbackId: string;
      serial: string;
      merchantId: string;
      rating: Rating;
      staffCertified: boolean;
      filedAt: string;
      /** The decision dates of the merchant's upheld forgery cases known so far. */
      upheldForgeriesOn: string[];
      /**
       * Where the serial falls in [0, 1), from a hash of the serial (never a random draw), so
       * that a replay samples the same forms. The form is sampled when it is below the rate.
       */
      samplePoint: number;
      policy: CallbackPolicy;
      /** The customer confirmed the form themselves (FormSelfConfirmed came first): no sample call. */
      selfConfirmed?: boolean;
      now: Date;
    }
  | { type: 'OpenCallbackForOverdue'; callbackId: string; serial: string; merchantId: string; dueDate: string; now: Date }
  | {
      type: 'RecordCallbackAttempt';
      callbackId: string;
      /** Whether the form has been filed (it carries a rating and a signature), as this service last heard. */
      formFiled: boolean;
      outcome: CallbackOutcome;
      reportedRating?: Rating;
      newPlannedDate?: string;
      note?: string;
      now: Date;
      timeZone: string;
    }
  /** The form was voided (the customer cancelled the service): there is nothing left to verify. */
  | { type: 'WithdrawCallbackOfVoidedForm'; serial: string; voidReason: string; now: Date }
  /** An administrator corrects the outcome that closed a task, recorded by mistake (docs/rules.md#7-violations-and-penalty-cases). */
  | { type: 'CorrectCallbackOutcome'; callbackId: string; reason: string; now: Date; timeZone: string };

export type FormCallbacksEvent =
  | {
      type: 'CallbackOpened';
      data: {
        callbackId: string;
        serial: string;
        merchantId: string;
        reason: CallbackReason;
        /** What opened it ("filed", "overdue:<dueDate>"), so a repeat of the same trigger opens nothing. */
        trigger: string;
        openedAt: string;
        policyVersion?: number | null;
      };
    }
  | {
      type: 'CallbackAttemptRecorded';
      data: {
        callbackId: string;
        serial: string;
        merchantId: string;
        attempt: number;
        outcome: CallbackOutcome;
        reportedRating?: Rating;
        newPlannedDate?: string;
        note?: string;
        at: string;
      };
    }
  | { type: 'CallbackClosed'; data: { callbackId: string; serial: string; merchantId: string; result: CallbackOutcome; closedAt: string } }
  /**
   * Closed without a call because the form was voided. Internal only: no callback outcome
   * fits it, and no other service needs it, since a voided form counts nowhere.
   */
  | {
      type: 'CallbackWithdrawn';
      data: { callbackId: string; serial: string; merchantId: string; voidReason: string; withdrawnAt: string };
    }
  | {
      type: 'CallbackOutcomeCorrected';
      data: {
        callbackId: string;
        serial: string;
        merchantId: string;
        /** The attempt whose outcome closed the task, and that outcome. */
        attempt: number;
        outcome: CorrectableOutcome;
        reason: string;
        correctedOn: string;
        correctedAt: string;
      };
    };

/** The outcomes that change a form, so an administrator may correct them (docs/rules.md#7-violations-and-penalty-cases). */
export const CORRECTABLE_OUTCOMES = ['no_form', 'signature_denied', 'rating_disputed'] as const;
export type CorrectableOutcome = (typeof CORRECTABLE_OUTCOMES)[number];
const isCorrectable = (o: CallbackOutcome): o is CorrectableOutcome => (CORRECTABLE_OUTCOMES as readonly string[]).includes(o);

/** How a closed task ended: the attempt that closed it and its outcome, and whether an administrator corrected it. */
interface Closing {
  callbackId: string;
  serial: string;
  merchantId: string;
  attempt: number;
  result: CallbackOutcome;
  corrected: boolean;
}

interface History {
  triggers: string[];
  closedCallbacks: string[];
  closings: Closing[];
}

export type FormCallbacksState =
  | ({ status: 'idle' } & History)
  | ({ status: 'open'; callbackId: string; serial: string; merchantId: string; attempts: number } & History);

/** Why a filed form gets a callback, the first that applies in the order of docs/rules.md#6-callback; null when none does. */
export function reasonForFiling(f: {
  rating: Rating;
  staffCertified: boolean;
  filedOn: string;
  upheldForgeriesOn: string[];
  samplePoint: number;
  callbackSampleRate: number;
  /** The customer confirmed the form themselves before it was filed: it is never sampled (docs/rules.md, "The customer's own confirmation"). */
  selfConfirmed?: boolean;
}): CallbackReason | null {
  if (f.rating === 'unsatisfied') return 'unsatisfied';
  if (!f.staffCertified) return 'unqualified';
  const windowStart = addDays(f.filedOn, -RECENT_FORGERY_DAYS);
  if (f.upheldForgeriesOn.some((d) => d >= windowStart && d <= f.filedOn)) return 'recent_forgery';
  // rate 0 samples no form, rate 1 every form
  if (f.samplePoint < f.callbackSampleRate && !f.selfConfirmed) return 'sample';
  return null;
}

export function callbackNotFound(callbackId: string): DomainError {
  return notFound('CALLBACK_NOT_FOUND', `There is no callback ${callbackId}.`);
}

function attemptErrors(c: Extract<FormCallbacksCommand, { type: 'RecordCallbackAttempt' }>): FieldError[] {
  const errors: FieldError[] = [];
  if (c.outcome === 'rating_disputed' && !c.reportedRating)
    errors.push({ field: 'reportedRating', message: 'A disputed rating needs the rating the customer gave on the phone.' });
  if (c.outcome !== 'rating_disputed' && c.reportedRating)
    errors.push({ field: 'reportedRating', message: 'A reported rating goes only with the outcome rating_disputed.' });
  if (c.outcome === 'not_performed') {
    const today = localDate(c.now, c.timeZone);
    if (!c.newPlannedDate) errors.push({ field: 'newPlannedDate', message: 'A service not yet performed needs its new planned date.' });
    else if (!isValidDate(c.newPlannedDate)) errors.push({ field: 'newPlannedDate', message: `${c.newPlannedDate} is not a date.` });
    else if (c.newPlannedDate < today)
      errors.push({ field: 'newPlannedDate', message: `The new planned date cannot be before today (${today}).` });
  } else if (c.newPlannedDate) {
    errors.push({ field: 'newPlannedDate', message: 'A new planned date goes only with the outcome not_performed.' });
  }
  return errors;
}

/**
 * An outcome that cannot apply to the form would close the task with no effect (the forms
 * service ignores it) and hide what the customer said: refuse it and tell the clerk which fits.
 */
function assertOutcomeFitsTheForm(c: Extract<FormCallbacksCommand, { type: 'RecordCallbackAttempt' }>, serial: string): void {
  if (!c.formFiled && (c.outcome === 'rating_disputed' || c.outcome === 'signature_denied'))
    throw ruleRefuses(
      'FORM_NOT_FILED',
      `Form ${serial} has not been filed, so there is no rating or signature to dispute. If the service was done without a form, record no_form; if it has not been done, not_performed.`,
    );
  if (c.formFiled && c.outcome === 'not_performed')
    throw ruleRefuses(
      'FORM_ALREADY_FILED',
      `Form ${serial} was filed with the customer's rating and signature. If the customer says the service has not been done, they did not sign it: record signature_denied.`,
    );
  // a "missing" violation would hide a forgery: the form that came back was not the customer's
  if (c.formFiled && c.outcome === 'no_form')
    throw ruleRefuses(
      'FORM_ALREADY_FILED',
      `Form ${serial} was filed with the customer's rating and signature. If the customer says they filled no form, the one handed in is not theirs: record signature_denied.`,
    );
}

export const formCallbacksDecider: Decider<FormCallbacksState, FormCallbacksCommand, FormCallbacksEvent> = {
  initialState: () => ({ status: 'idle', triggers: [], closedCallbacks: [], closings: [] }),

  decide(command, state) {
    switch (command.type) {
      case 'OpenCallbackForFiling': {
        const trigger = 'filed';
        // A second reason while a task is open adds nothing: the open call verifies the form.
        if (state.triggers.includes(trigger) || state.status === 'open') return [];
        const reason = reasonForFiling({
          rating: command.rating,
          staffCertified: command.staffCertified,
          filedOn: localDate(new Date(command.filedAt), command.policy.timeZone),
          upheldForgeriesOn: command.upheldForgeriesOn,
          samplePoint: command.samplePoint,
          callbackSampleRate: command.policy.callbackSampleRate,
          selfConfirmed: command.selfConfirmed,
        });
        if (!reason) return [];
        const { callbackId, serial, merchantId, now } = command;
        return [
          {
            type: 'CallbackOpened',
            data: { callbackId, serial, merchantId, reason, trigger, openedAt: now.toISOString(), policyVersion: command.policy.version },
          },
        ];
      }
      case 'OpenCallbackForOverdue': {
        // A rescheduled form can fall overdue again on its new due date: that is a new trigger.
        const trigger = `overdue:${command.dueDate}`;
        if (state.triggers.includes(trigger) || state.status === 'open') return [];
        const { callbackId, serial, merchantId, now } = command;
        return [
          { type: 'CallbackOpened', data: { callbackId, serial, merchantId, reason: 'overdue', trigger, openedAt: now.toISOString() } },
        ];
      }
      case 'RecordCallbackAttempt': {
        if (state.status !== 'open' || state.callbackId !== command.callbackId) {
          if (state.closedCallbacks.includes(command.callbackId))
            throw conflict('CALLBACK_CLOSED', `Callback ${command.callbackId} is already closed; no more attempts can be recorded on it.`);
          throw callbackNotFound(command.callbackId);
        }
        const errors = attemptErrors(command);
        if (errors.length) throw invalidInput(errors);
        assertOutcomeFitsTheForm(command, state.serial);
        const { callbackId, serial, merchantId } = state;
        const attempt = state.attempts + 1;
        const at = command.now.toISOString();
        const recorded: FormCallbacksEvent = {
          type: 'CallbackAttemptRecorded',
          data: {
            callbackId,
            serial,
            merchantId,
            attempt,
            outcome: command.outcome,
            ...(command.reportedRating ? { reportedRating: command.reportedRating } : {}),
            ...(command.newPlannedDate ? { newPlannedDate: command.newPlannedDate } : {}),
            ...(command.note !== undefined ? { note: command.note } : {}),
            at,
          },
        };
        // Every attempt but an unreachable one ends the task; unreachable ends it only at the limit.
        const closes = command.outcome !== 'unreachable' || attempt >= MAX_UNREACHABLE_ATTEMPTS;
        if (!closes) return [recorded];
        return [recorded, { type: 'CallbackClosed', data: { callbackId, serial, merchantId, result: command.outcome, closedAt: at } }];
      }
      case 'WithdrawCallbackOfVoidedForm': {
        if (state.status !== 'open') return [];
        const { callbackId, serial, merchantId } = state;
        return [
          {
            type: 'CallbackWithdrawn',
            data: { callbackId, serial, merchantId, voidReason: command.voidReason, withdrawnAt: command.now.toISOString() },
          },
        ];
      }
      case 'CorrectCallbackOutcome': {
        const closing = state.closings.find((c) => c.callbackId === command.callbackId);
        if (!closing) {
          if (state.status === 'open' && state.callbackId === command.callbackId)
            throw conflict('CALLBACK_NOT_CLOSED', `Callback ${command.callbackId} is still open: no outcome has closed it yet.`);
          throw callbackNotFound(command.callbackId);
        }
        if (closing.corrected)
          throw conflict('OUTCOME_ALREADY_CORRECTED', `The outcome of callback ${command.callbackId} was already corrected.`);
        if (!isCorrectable(closing.result))
          throw ruleRefuses(
            'OUTCOME_NOT_CORRECTABLE',
            `Callback ${command.callbackId} ended with ${closing.result}, which changed nothing on the form: only no_form, signature_denied and rating_disputed are corrected.`,
          );
        return [
          {
            type: 'CallbackOutcomeCorrected',
            data: {
              callbackId: closing.callbackId,
              serial: closing.serial,
              merchantId: closing.merchantId,
              attempt: closing.attempt,
              outcome: closing.result,
              reason: command.reason,
              correctedOn: localDate(command.now, command.timeZone),
              correctedAt: command.now.toISOString(),
            },
          },
        ];
      }
      default: {
        const unknown: never = command;
        throw new Error(`unknown command ${(unknown as { type: string }).type}`);
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'CallbackOpened': {
        const { callbackId, serial, merchantId, trigger } = event.data;
        return {
          status: 'open',
          callbackId,
          serial,
          merchantId,
          attempts: 0,
          triggers: [...state.triggers, trigger],
          closedCallbacks: state.closedCallbacks,
          closings: state.closings,
        };
      }
      case 'CallbackAttemptRecorded':
        return state.status === 'open' ? { ...state, attempts: event.data.attempt } : state;
      case 'CallbackClosed': {
        const { callbackId, serial, merchantId, result } = event.data;
        // the attempt just recorded closed it
        const attempt = state.status === 'open' ? state.attempts : 0;
        return {
          status: 'idle',
          triggers: state.triggers,
          closedCallbacks: [...state.closedCallbacks, callbackId],
          closings: [...(state.closings ?? []), { callbackId, serial, merchantId, attempt, result, corrected: false }],
        };
      }
      case 'CallbackWithdrawn':
        return {
          status: 'idle',
          triggers: state.triggers,
          closedCallbacks: [...state.closedCallbacks, event.data.callbackId],
          closings: state.closings,
        };
      case 'CallbackOutcomeCorrected':
        return {
          ...state,
          closings: state.closings.map((c) => (c.callbackId === event.data.callbackId ? { ...c, corrected: true } : c)),
        };
    }
  },
};

export const formCallbacksStreamId = (serial: string) => `form-callbacks-${serial}`;
