import {
  addDays,
  conflict,
  type Decider,
  DomainError,
  equalInConstantTime,
  hasDayEnded,
  invalidInput,
  localDate,
  locked,
  notFound,
  ruleRefuses,
} from '@fd/kernel';
import type { CallbackOutcome, Rating, ServiceType } from '@fd/contracts';
import { certificationOn, StaffRecord, UncertifiedReason } from './staff-certification';
import { FormIdentity, normaliseCode } from './form-identity';

/** A feedback form (《服務反饋表》) as issued: one per (card, service type, visit). */
export interface IssuedForm extends FormIdentity {
  cardNo: string;
  serviceType: ServiceType;
  plannedDate: string;
  /** plannedDate + returnDays: the form can be filed through the whole of this day. */
  dueDate: string;
  /** The policy's returnDays when the form was issued; a rescheduled form keeps it. */
  returnDays: number;
  issuedAt: string;
  /** Set when the form belongs to an after-sales service requested against the card. */
  requestId?: string;
}

export interface Filing {
  rating: Rating;
  staffId: string;
  staffCertified: boolean;
  uncertifiedReason?: UncertifiedReason;
  servicedOn: string;
  filedAt: string;
  late: boolean;
  comment?: string;
}

/** Who files: a clerk, or an administrator (who alone may file a form locked by wrong codes). */
export interface Filer {
  username: string;
  role: 'clerk' | 'admin';
}

/** A filing refused because its verification code was wrong (the code typed is not kept). */
export interface CodeRejection extends Filer {
  at: string;
}

/** The customer's own confirmation of the service, from the form's public link (docs/rules.md, "The customer's own confirmation"). */
export interface SelfConfirmation {
  rating: Rating;
  comment?: string;
  at: string;
}

/** A kept scan of the signed paper form: its file is stored outside the event log, named by id and SHA-256. */
export interface OriginalAttachment {
  originalId: string;
  sha256: string;
  contentType: 'image/jpeg' | 'image/png' | 'application/pdf';
  size: number;
  username: string;
  role: string;
  at: string;
}

// ---- events (internal; mapped to the contract events at the outbox, except FilingCodeRejected) ----
type CallbackRef = { callbackId: string; attempt: number };
/** What found the form's rating true or disputed: a callback's attempt, or the customer's own confirmation (at that instant). */
type Finder = CallbackRef | { selfConfirmedAt: string };
export type FormEvent =
  | { type: 'FormIssued'; data: IssuedForm }
  | { type: 'FormFiled'; data: Filing }
  | { type: 'FilingCodeRejected'; data: CodeRejection }
  | { type: 'FormVoided'; data: { reason: string; voidedAt: string } }
  | { type: 'FormOverdue'; data: { dueDate: string; at: string } }
  | { type: 'FormSelfConfirmed'; data: SelfConfirmation }
  /** The form's PDF was served to the desk (to print it); who printed it. */
  | { type: 'FormPrinted'; data: { username: string; role: string; at: string } }
  /** A scan or photo of the signed paper was kept (docs/rules.md, "The signed original"); the file itself is stored beside the log. */
  | { type: 'FormOriginalAttached'; data: OriginalAttachment }
  | { type: 'FormVerified'; data: Finder }
  | { type: 'FormRatingReplaced'; data: Finder & { previousRating: Rating; rating: Rating } }
  | { type: 'FormForged'; data: Finder & { cause: 'signature_denied' | 'rating_disputed' } }
  | { type: 'FormReportedMissing'; data: CallbackRef }
  /** An administrator corrected a callback's outcome: what it did to the form is undone (docs/rules.md#7-violations-and-penalty-cases). */
  | {
      type: 'FormCallbackCorrected';
      data: CallbackRef & {
        outcome: CorrectedOutcome;
        reason: string;
        /** The form's own rating, given back when the outcome had replaced it. */
        rating?: Rating;
        unforged: boolean;
        unmissing: boolean;
      };
    }
  | { type: 'FormRescheduled'; data: CallbackRef & { previousPlannedDate: string; plannedDate: string; dueDate: string } }
  | {
      type: 'FormCertificationReassessed';
      data: {
        staffId: string;
        staffCertified: boolean;
        uncertifiedReason?: UncertifiedReason;
        previousReason: UncertifiedReason;
        at: string;
      };
    };

// ---- state ----
interface Known {
  form: IssuedForm;
  /** Set by the callbacks: a confirmed callback, a forgery, a no_form report. */
  verified: boolean;
  forged: boolean;
  reportedMissing: boolean;
  overdueAt?: string;
  /** `callbackId#attempt` of every callback attempt that changed this form, so each applies once. */
  appliedAttempts: string[];
  /** Filings refused for a wrong verification code; at the limit only an administrator may file. */
  wrongCodes: number;
  /** What each callback did to the form, so that a correction undoes exactly that. */
  byCallback?: Record<string, CallbackEffect>;
  /** The callbacks whose outcome an administrator corrected. */
  correctedCallbacks?: string[];
  /** The customer's own confirmation, once per form. */
  selfConfirmation?: SelfConfirmation;
}
interface CallbackEffect {
  forged?: boolean;
  missing?: boolean;
  previousRating?: Rating;
}
export type CorrectedOutcome = 'no_form' | 'signature_denied' | 'rating_disputed';
export type FormState =
  | { status: 'unissued' }
  | ({ status: 'issued' } & Known)
  | ({ status: 'overdue' } & Known)
  | ({ status: 'filed'; filing: Filing } & Known)
  | ({ status: 'voided'; voiding: { reason: string; voidedAt: string } } & Known);
export type FormStatus = FormState['status'];

// ---- commands ----
export type FormCommand =
  | { type: 'IssueForm'; form: IssuedForm }
  | {
      type: 'FileForm';
      serial: string;
      verificationCode: string;
      rating: Rating;
      staffId: string;
      servicedOn: string;
      comment?: string;
      /** The staff member as the desk knows them, or null when not registered. */
      staff: StaffRecord | null;
      filer: Filer;
      now: Date;
      timeZone: string;
    }
  | { type: 'VoidForm'; serial: string; reason: string; now: Date; timeZone: string }
  | { type: 'MarkOverdue'; now: Date; timeZone: string }
  /**
   * The staff member a filing named, arriving after the filing: `registeredAt` is when the desk
   * registered them (docs/rules.md#example-r4-staff-registered-just-before-the-filing).
   */
  | { type: 'ReassessCertification'; staff: StaffRecord; registeredAt: string; now: Date }
  | {
      type: 'ApplyCallbackAttempt';
      serial: string;
      callbackId: string;
      attempt: number;
      outcome: CallbackOutcome;
      reportedRating?: Rating;
      newPlannedDate?: string;
    }
  | { type: 'CorrectCallbackOutcome'; serial: string; callbackId: string; attempt: number; outcome: CorrectedOutcome; reason: string }
  | { type: 'RecordPrint'; serial: string; username: string; role: string; now: Date }
  /** A scan of the signed paper, at filing or later; a voided form keeps its originals and may take more. */
  | { type: 'AttachOriginal'; serial: string; original: OriginalAttachment }
  /** The customer confirms the service and rates it, having proved the phone (checked before, outside the decider). */
  | {
      type: 'SelfConfirm';
      serial: string;
      rating: Rating;
      comment?: string;
      now: Date;
      timeZone: string;
      /** SELF_CONFIRMATION_DAYS: how many days after its due date the link still works. */
      daysAfterDue: number;
    };

const attemptKey = (r: CallbackRef) => `${r.callbackId}#${r.attempt}`;
const qualified = (f: Filing) => f.rating !== 'unsatisfied' && f.staffCertified;

/** Why a form's self-confirmation link does not work now, or undefined when it does (docs/rules.md, "The customer's own confirmation"). */
export type SelfConfirmationClosure = 'unknown' | 'voided' | 'already_confirmed' | 'settled' | 'expired';

export function selfConfirmationClosure(
  state: FormState,
  now: Date,
  timeZone: string,
  daysAfterDue: number,
): SelfConfirmationClosure | undefined {
  if (state.status === 'unissued') return 'unknown';
  if (state.status === 'voided') return 'voided';
  if (state.selfConfirmation) return 'already_confirmed';
  if (hasDayEnded(addDays(state.form.dueDate, daysAfterDue), now, timeZone)) return 'expired';
  // a filed form is open until a callback has verified or disputed it
  if (state.status === 'filed' && (state.verified || state.forged || Object.values(state.byCallback ?? {}).some((e) => e.previousRating)))
    return 'settled';
  return undefined;
}

/** The paper's rating against the customer's own, when the second of them arrives: verified, or a rating dispute as at a callback. */
function compareWithCustomer(filing: Filing, state: Known, own: SelfConfirmation): FormEvent[] {
  const by = { selfConfirmedAt: own.at };
  if (own.rating === filing.rating) return state.verified ? [] : [{ type: 'FormVerified', data: by }];
  const events: FormEvent[] = [{ type: 'FormRatingReplaced', data: { ...by, previousRating: filing.rating, rating: own.rating } }];
  if (!state.forged && qualified(filing) && own.rating === 'unsatisfied')
    events.push({ type: 'FormForged', data: { ...by, cause: 'rating_disputed' } });
  return events;
}

function formNotFound(serial: string): never {
  throw notFound('FORM_NOT_FOUND', `There is no feedback form with serial ${serial}. Check the number printed on the form.`);
}

/** Whether filing the form needs an administrator: it is still waiting and has had `maxWrongCodes` wrong codes. */
export function isFilingLocked(state: FormState, maxWrongCodes: number): boolean {
  return (state.status === 'issued' || state.status === 'overdue') && state.wrongCodes >= maxWrongCodes;
}

/**
 * The answer to a filing whose refusal the decider recorded instead of throwing
 * (`FilingCodeRejected`): the event is appended and committed, and then the request is
 * refused with this problem. Undefined when the filing was not refused.
 */
export function filingRefusal(
  events: ReadonlyArray<Pick<FormEvent, 'type'>>,
  state: FormState,
  maxWrongCodes: number,
): DomainError | undefined {
  if (state.status === 'unissued' || !events.some((e) => e.type === 'FilingCodeRejected')) return undefined;
  const serial = state.form.serial;
  const left = maxWrongCodes - state.wrongCodes;
  return ruleRefuses(
    'WRONG_VERIFICATION_CODE',
    `The verification code does not match form ${serial}; the form was not filed and the wrong code was recorded. ` +
      (left > 0
        ? `Check the 8 characters printed beside the QR code (after ${left} more wrong code${left === 1 ? '' : 's'} only an administrator can file this form).`
        : `Only an administrator can file this form now.`),
  );
}

/**
 * The form's decider. `codeOf` recomputes a form's verification code (a keyed MAC made in
 * apps/forms); it is passed in so the key and the crypto stay outside the domain.
 * `maxWrongCodes` (FILING_MAX_WRONG_CODES) is how many wrong codes lock a form's filing.
 */
export function formDecider(
  codeOf: (form: FormIdentity) => string,
  { maxWrongCodes }: { maxWrongCodes: number },
): Decider<FormState, FormCommand, FormEvent> {
  function decide(command: FormCommand, state: FormState): FormEvent[] {
    switch (command.type) {
      case 'IssueForm':
        return state.status === 'unissued' ? [{ type: 'FormIssued', data: command.form }] : [];

      case 'FileForm': {
        if (state.status === 'unissued') return formNotFound(command.serial);
        const today = localDate(command.now, command.timeZone);
        if (command.servicedOn > today)
          throw invalidInput(
            [{ field: 'servicedOn', message: `the service date cannot be after today (${today})` }],
            'The service date is in the future.',
          );
        const rightCode = () => equalInConstantTime(normaliseCode(command.verificationCode), codeOf(state.form));
        const wrongCode = () =>
          ruleRefuses(
            'WRONG_VERIFICATION_CODE',
            `The verification code does not match form ${state.form.serial}. Check the 8 characters printed beside the QR code; nothing was recorded.`,
          );
        // a form that can no longer be filed: a wrong code changes nothing, a right one hears why
        if (state.status === 'voided') {
          if (!rightCode()) throw wrongCode();
          throw conflict('FORM_VOIDED', `Form ${state.form.serial} was voided (${state.voiding.reason}) and cannot be filed.`);
        }
        if (state.status === 'filed') {
          if (!rightCode()) throw wrongCode();
          throw conflict('FORM_ALREADY_FILED', `Form ${state.form.serial} was already filed at ${state.filing.filedAt}; it counts once.`);
        }
        // locked: a clerk is refused whatever the code (it is not even compared, so guessing on tells nothing)
        if (isFilingLocked(state, maxWrongCodes) && command.filer.role !== 'admin')
          throw locked(
            'FILING_LOCKED',
            `Form ${state.form.serial} had ${state.wrongCodes} wrong verification codes and is locked for filing: an administrator must file it.`,
          );
        // refused, and the refusal is recorded: the caller commits it, then answers with filingRefusal()
        if (!rightCode())
          return [
            {
              type: 'FilingCodeRejected',
              data: { username: command.filer.username, role: command.filer.role, at: command.now.toISOString() },
            },
          ];
        const certification = certificationOn(command.staff, state.form.merchantId, command.servicedOn);
        const late = hasDayEnded(state.form.dueDate, command.now, command.timeZone);
        // A form still waiting when its due date has ended was already missing, whether or not
        // the sweeper got there first: it falls overdue (its violation stands) and is filed late.
        const overdue: FormEvent[] =
          late && state.status === 'issued'
            ? [{ type: 'FormOverdue', data: { dueDate: state.form.dueDate, at: command.now.toISOString() } }]
            : [];
        const filing: Filing = {
          rating: command.rating,
          staffId: command.staffId,
          staffCertified: certification.certified,
          ...(certification.certified ? {} : { uncertifiedReason: certification.reason }),
          servicedOn: command.servicedOn,
          filedAt: command.now.toISOString(),
          late,
          ...(command.comment ? { comment: command.comment } : {}),
        };
        // the customer confirmed first: the paper is compared with their word now
        const compared = state.selfConfirmation ? compareWithCustomer(filing, state, state.selfConfirmation) : [];
        return [...overdue, { type: 'FormFiled', data: filing }, ...compared];
      }

      case 'SelfConfirm': {
        const closure = selfConfirmationClosure(state, command.now, command.timeZone, command.daysAfterDue);
        if (state.status === 'unissued' || closure === 'unknown') return formNotFound(command.serial);
        if (closure === 'already_confirmed')
          throw conflict('ALREADY_SELF_CONFIRMED', 'This form was already confirmed by the customer; a form is confirmed once.');
        if (closure) throw ruleRefuses('SELF_CONFIRMATION_CLOSED', 'This form can no longer be confirmed here.');
        const own: SelfConfirmation = {
          rating: command.rating,
          ...(command.comment ? { comment: command.comment } : {}),
          at: command.now.toISOString(),
        };
        // the paper was filed first: it is compared with the customer's word now
        const compared = state.status === 'filed' ? compareWithCustomer(state.filing, state, own) : [];
        return [{ type: 'FormSelfConfirmed', data: own }, ...compared];
      }

      case 'VoidForm':
        if (state.status === 'unissued') return formNotFound(command.serial);
        if (state.status === 'filed')
          throw conflict('FORM_ALREADY_FILED', `Form ${state.form.serial} has been filed; a filed form cannot be voided.`);
        if (state.status === 'voided')
          throw conflict('FORM_ALREADY_VOIDED', `Form ${state.form.serial} was already voided (${state.voiding.reason}).`);
        // as with a late filing: a form still waiting after its due date was already missing,
        // and voiding it now must not erase the violation a sweep would have recorded
        return [
          ...(state.status === 'issued' && hasDayEnded(state.form.dueDate, command.now, command.timeZone)
            ? [{ type: 'FormOverdue' as const, data: { dueDate: state.form.dueDate, at: command.now.toISOString() } }]
            : []),
          { type: 'FormVoided', data: { reason: command.reason, voidedAt: command.now.toISOString() } },
        ];

      case 'RecordPrint':
        if (state.status === 'unissued') return formNotFound(command.serial);
        return [{ type: 'FormPrinted', data: { username: command.username, role: command.role, at: command.now.toISOString() } }];

      case 'AttachOriginal':
        if (state.status === 'unissued') return formNotFound(command.serial);
        return [{ type: 'FormOriginalAttached', data: command.original }];

      case 'MarkOverdue':
        if (state.status !== 'issued' || !hasDayEnded(state.form.dueDate, command.now, command.timeZone)) return [];
        return [{ type: 'FormOverdue', data: { dueDate: state.form.dueDate, at: command.now.toISOString() } }];

      case 'ApplyCallbackAttempt':
        if (state.status === 'unissued') return formNotFound(command.serial);
        return callbackEffects(command, state);

      case 'CorrectCallbackOutcome': {
        if (state.status === 'unissued') return formNotFound(command.serial);
        // a correction applies once, however often it is delivered
        if (state.correctedCallbacks?.includes(command.callbackId)) return [];
        const did = state.byCallback?.[command.callbackId] ?? {};
        const restore = state.status === 'filed' && did.previousRating !== undefined ? { rating: did.previousRating } : {};
        return [
          {
            type: 'FormCallbackCorrected',
            data: {
              callbackId: command.callbackId,
              attempt: command.attempt,
              outcome: command.outcome,
              reason: command.reason,
              ...restore,
              unforged: !!did.forged,
              unmissing: !!did.missing,
            },
          },
        ];
      }

      case 'ReassessCertification': {
        // only a filing judged without its staff member, who was registered before it was filed
        if (state.status !== 'filed') return [];
        const { filing } = state;
        if (filing.uncertifiedReason !== 'staff_unknown' || filing.staffId !== command.staff.staffId) return [];
        if (command.registeredAt > filing.filedAt) return [];
        const certification = certificationOn(command.staff, state.form.merchantId, filing.servicedOn);
        return [
          {
            type: 'FormCertificationReassessed',
            data: {
              staffId: filing.staffId,
              staffCertified: certification.certified,
              ...(certification.certified ? {} : { uncertifiedReason: certification.reason }),
              previousReason: 'staff_unknown',
              at: command.now.toISOString(),
            },
          },
        ];
      }

      default: {
        const unknown: never = command;
        throw new Error(`unknown command ${JSON.stringify(unknown)}`);
      }
    }
  }

  return { decide, evolve, initialState };
}

/** What one callback attempt does to a form (docs/rules.md#6-callback); an attempt that changes nothing returns []. */
function callbackEffects(
  c: Extract<FormCommand, { type: 'ApplyCallbackAttempt' }>,
  state: Exclude<FormState, { status: 'unissued' }>,
): FormEvent[] {
  const ref: CallbackRef = { callbackId: c.callbackId, attempt: c.attempt };
  if (state.status === 'voided' || state.appliedAttempts.includes(attemptKey(ref))) return [];
  switch (c.outcome) {
    case 'confirmed':
      return state.verified ? [] : [{ type: 'FormVerified', data: ref }];
    case 'rating_disputed': {
      // only a filed form has a rating to dispute
      if (state.status !== 'filed' || !c.reportedRating || c.reportedRating === state.filing.rating) return [];
      const events: FormEvent[] = [
        { type: 'FormRatingReplaced', data: { ...ref, previousRating: state.filing.rating, rating: c.reportedRating } },
      ];
      if (!state.forged && qualified(state.filing) && c.reportedRating === 'unsatisfied')
        events.push({ type: 'FormForged', data: { ...ref, cause: 'rating_disputed' } });
      return events;
    }
    case 'signature_denied':
      // only a form that was handed in can carry a forged signature
      return state.status === 'filed' && !state.forged ? [{ type: 'FormForged', data: { ...ref, cause: 'signature_denied' } }] : [];
    case 'no_form':
      return state.reportedMissing ? [] : [{ type: 'FormReportedMissing', data: ref }];
    case 'not_performed': {
      // a filed form says the service happened; moving its date would rewrite a filed record
      if (state.status === 'filed' || !c.newPlannedDate || c.newPlannedDate === state.form.plannedDate) return [];
      return [
        {
          type: 'FormRescheduled',
          data: {
            ...ref,
            previousPlannedDate: state.form.plannedDate,
            plannedDate: c.newPlannedDate,
            dueDate: addDays(c.newPlannedDate, state.form.returnDays),
          },
        },
      ];
    }
    case 'unreachable':
      return [];
    default: {
      const unknown: never = c.outcome;
      throw new Error(`unknown callback outcome ${String(unknown)}`);
    }
  }
}

export function initialState(): FormState {
  return { status: 'unissued' };
}

export function evolve(state: FormState, event: FormEvent): FormState {
  if (event.type === 'FormIssued')
    return {
      status: 'issued',
      form: event.data,
      verified: false,
      forged: false,
      reportedMissing: false,
      appliedAttempts: [],
      wrongCodes: 0,
    };
  if (state.status === 'unissued') return state;
  const applied = 'callbackId' in event.data ? [...state.appliedAttempts, attemptKey(event.data)] : state.appliedAttempts;
  const known: Known = {
    form: state.form,
    verified: state.verified,
    forged: state.forged,
    reportedMissing: state.reportedMissing,
    ...(state.overdueAt ? { overdueAt: state.overdueAt } : {}),
    appliedAttempts: applied,
    wrongCodes: state.wrongCodes + (event.type === 'FilingCodeRejected' ? 1 : 0),
    ...(state.byCallback ? { byCallback: state.byCallback } : {}),
    ...(state.correctedCallbacks ? { correctedCallbacks: state.correctedCallbacks } : {}),
    ...(state.selfConfirmation ? { selfConfirmation: state.selfConfirmation } : {}),
  };
  // what a callback did, so that its correction undoes it; the customer's own word is no callback's to correct
  const did = (by: Finder, effect: CallbackEffect) =>
    'callbackId' in by ? { byCallback: { ...known.byCallback, [by.callbackId]: { ...effect, ...known.byCallback?.[by.callbackId] } } } : {};
  switch (event.type) {
    case 'FormFiled':
      return { ...known, status: 'filed', filing: event.data };
    case 'FormVoided':
      return { ...known, status: 'voided', voiding: event.data };
    case 'FormOverdue':
      return { ...known, status: 'overdue', overdueAt: event.data.at };
    case 'FilingCodeRejected':
      return { ...state, ...known };
    case 'FormVerified':
      return { ...state, ...known, verified: true };
    case 'FormRatingReplaced':
      return state.status === 'filed'
        ? {
            ...state,
            ...known,
            filing: { ...state.filing, rating: event.data.rating },
            ...did(event.data, { previousRating: event.data.previousRating }),
          }
        : state;
    case 'FormForged':
      return { ...state, ...known, forged: true, ...did(event.data, { forged: true }) };
    case 'FormReportedMissing':
      return { ...state, ...known, reportedMissing: true, ...did(event.data, { missing: true }) };
    case 'FormSelfConfirmed':
      return { ...state, ...known, selfConfirmation: event.data };
    // facts of the trail: nothing the form's status or checks depend on
    case 'FormPrinted':
    case 'FormOriginalAttached':
      return { ...state, ...known };
    case 'FormCallbackCorrected': {
      const { callbackId, rating, unforged, unmissing } = event.data;
      const corrected = {
        ...state,
        ...known,
        forged: unforged ? false : known.forged,
        reportedMissing: unmissing ? false : known.reportedMissing,
        correctedCallbacks: [...(known.correctedCallbacks ?? []), callbackId],
      };
      return corrected.status === 'filed' && rating ? { ...corrected, filing: { ...corrected.filing, rating } } : corrected;
    }
    case 'FormCertificationReassessed': {
      if (state.status !== 'filed') return state;
      const { uncertifiedReason: _was, ...filing } = state.filing;
      const { staffCertified, uncertifiedReason } = event.data;
      return { ...state, ...known, filing: { ...filing, staffCertified, ...(uncertifiedReason ? { uncertifiedReason } : {}) } };
    }
    case 'FormRescheduled': {
      const form = { ...state.form, plannedDate: event.data.plannedDate, dueDate: event.data.dueDate };
      if (state.status !== 'overdue') return { ...state, ...known, form };
      // a new deadline runs: the overdue form waits for its return again (its FormOverdue stays in the timeline)
      const { overdueAt: _previous, ...waiting } = known;
      return { ...waiting, status: 'issued', form };
    }
    default: {
      const unknown: never = event;
      throw new Error(`unknown event ${JSON.stringify(unknown)}`);
    }
  }
}
