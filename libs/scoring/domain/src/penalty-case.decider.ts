import type { Decider } from '@fd/kernel';
import type { Actor, PenaltyKind } from '@fd/contracts';
import { addDays, conflict, forbidden, invalidInput, localDate, notFound, ruleRefuses } from '@fd/kernel';
import type { Policy } from './policy.decider';

/** What a penalty case (處罰審核) is about: one violation of one merchant. */
export interface CaseOpening {
  caseId: string;
  violationId: string;
  merchantId: string;
  kind: PenaltyKind;
  serial?: string;
  findingId?: string;
  /** The period (YYYY-MM) whose score the violation sets to 0. */
  period: string;
  /** When the violation came to light (the time of the upstream event that revealed it). */
  openedAt: string;
  /**
   * When the case was recorded, and so the merchant could first see it (later than `openedAt`
   * when the scoring lagged); absent in cases opened before this was kept.
   */
  visibleAt?: string;
  /** The last day (mall time zone) the merchant may appeal: the day it became visible + appealDays. */
  appealDeadline: string;
  policyVersion: number;
}
export interface Appeal {
  statement: string;
  submittedAt: string;
}
export type Verdict = 'uphold' | 'dismiss';
export interface Decision {
  decision: Verdict;
  reason: string;
  fineCents?: number;
  suspendDays?: number;
  /** Last day of the suspension, inclusive: decidedOn + suspendDays - 1. */
  suspendedUntil?: string;
  decidedOn: string;
  decidedAt: string;
  policyVersion: number;
}

/** A fine paid: recorded by the administration from the receipt (docs/rules.md#example-r9-a-fine-paid). */
export interface FinePayment {
  paidOn: string;
  receiptNo: string;
  recordedAt: string;
}

/** The record behind the case was corrected by an administrator (docs/rules.md#7-violations-and-penalty-cases): not a decision. */
export interface Correction {
  reason: string;
  correctedOn: string;
  correctedAt: string;
}

export type PenaltyCaseEvent =
  | { type: 'CaseOpened'; data: CaseOpening }
  | { type: 'CaseCorrected'; data: { caseId: string; violationId: string; merchantId: string } & Correction }
  | { type: 'AppealSubmitted'; data: { caseId: string; merchantId: string } & Appeal }
  /** The merchant lets the case be decided without an appeal. */
  | { type: 'AppealWaived'; data: { caseId: string; merchantId: string; waivedAt: string } }
  | { type: 'FinePaymentRecorded'; data: { caseId: string; merchantId: string } & FinePayment }
  | { type: 'CaseDecided'; data: { caseId: string; violationId: string; merchantId: string } & Decision };

export type PenaltyCaseState =
  | { status: 'none' }
  | ({ status: 'open'; appeal: Appeal | null; waivedAt?: string } & CaseOpening)
  | ({ status: 'decided'; appeal: Appeal | null; waivedAt?: string; decision: Decision; finePayment?: FinePayment } & CaseOpening)
  | ({ status: 'corrected'; appeal: Appeal | null; correction: Correction } & CaseOpening);
export type PenaltyCase = Exclude<PenaltyCaseState, { status: 'none' }>;

export interface ViolationRef {
  id: string;
  merchantId: string;
  kind: PenaltyKind;
  period: string;
  serial?: string;
  findingId?: string;
}

export type PenaltyCaseCommand =
  /** `visibleAt`: now, when the case is recorded (the appeal window counts from it). */
  | { type: 'OpenCase'; caseId: string; violation: ViolationRef; openedAt: string; visibleAt: string; policy: Policy }
  | { type: 'WaiveAppeal'; caseId: string; by: { role: Actor['role']; merchantId?: string }; now: Date }
  | { type: 'RecordFinePayment'; caseId: string; paidOn: string; receiptNo: string; now: Date; timeZone: string }
  | {
      type: 'SubmitAppeal';
      caseId: string;
      statement: string;
      by: { role: Actor['role']; merchantId?: string };
      now: Date;
      timeZone: string;
    }
  | {
      type: 'DecideCase';
      caseId: string;
      decision: Verdict;
      reason: string;
      fineCents?: number;
      suspendDays?: number;
      now: Date;
      policy: Policy;
    }
  /** The record that made the violation was corrected upstream: an open case closes as corrected; a decided one stays decided. */
  | { type: 'CorrectCase'; caseId: string; reason: string; correctedAt: string; timeZone: string };

function caseNotFound(caseId: string): never {
  throw notFound('CASE_NOT_FOUND', `There is no penalty case ${caseId}.`);
}

function caseCorrected(state: Extract<PenaltyCaseState, { status: 'corrected' }>): never {
  throw ruleRefuses(
    'CASE_CORRECTED',
    `Case ${state.caseId} was closed on ${state.correction.correctedOn}: the record behind it was corrected (${state.correction.reason}).`,
  );
}

/**
 * What an appeal and a waiver both need: a case, of the merchant asking, still open and not appealed
 * yet (an appeal is one per case; a waiver after it would mean nothing).
 */
function assertAppealStillOpen(
  state: PenaltyCaseState,
  command: { caseId: string; by: { role: string; merchantId?: string } },
  what: string,
): asserts state is Extract<PenaltyCaseState, { status: 'open' }> {
  if (state.status === 'none') return caseNotFound(command.caseId);
  if (command.by.role !== 'merchant' || command.by.merchantId !== state.merchantId)
    throw forbidden('OTHER_MERCHANT', `Only the merchant the case is against may ${what}.`);
  if (state.status === 'corrected') return caseCorrected(state);
  if (state.status === 'decided')
    throw ruleRefuses('CASE_ALREADY_DECIDED', `Case ${state.caseId} was decided on ${state.decision.decidedOn}; a decision is final.`);
  if (state.appeal)
    throw conflict(
      'APPEAL_ALREADY_SUBMITTED',
      `An appeal for case ${state.caseId} was already submitted at ${state.appeal.submittedAt}; a case takes one appeal.`,
    );
}

export const penaltyCaseDecider: Decider<PenaltyCaseState, PenaltyCaseCommand, PenaltyCaseEvent> = {
  initialState: () => ({ status: 'none' }),

  decide(command, state) {
    switch (command.type) {
      case 'OpenCase': {
        if (state.status !== 'none') return [];
        const { violation: v, policy } = command;
        // the window counts from when the merchant could first see the case, never from before it
        const visibleAt = command.visibleAt > command.openedAt ? command.visibleAt : command.openedAt;
        const visibleOn = localDate(new Date(visibleAt), policy.timeZone);
        return [
          {
            type: 'CaseOpened',
            data: {
              caseId: command.caseId,
              violationId: v.id,
              merchantId: v.merchantId,
              kind: v.kind,
              ...(v.serial ? { serial: v.serial } : {}),
              ...(v.findingId ? { findingId: v.findingId } : {}),
              period: v.period,
              openedAt: command.openedAt,
              visibleAt,
              appealDeadline: addDays(visibleOn, policy.appealDays),
              policyVersion: policy.version,
            },
          },
        ];
      }

      case 'SubmitAppeal': {
        assertAppealStillOpen(state, command, 'appeal it');
        const today = localDate(command.now, command.timeZone);
        if (today > state.appealDeadline)
          throw ruleRefuses('APPEAL_WINDOW_CLOSED', `The appeal window of case ${state.caseId} closed on ${state.appealDeadline}.`);
        return [
          {
            type: 'AppealSubmitted',
            data: {
              caseId: state.caseId,
              merchantId: state.merchantId,
              statement: command.statement,
              submittedAt: command.now.toISOString(),
            },
          },
        ];
      }

      case 'DecideCase': {
        if (state.status === 'none') return caseNotFound(command.caseId);
        if (state.status === 'corrected') return caseCorrected(state);
        if (state.status === 'decided')
          throw ruleRefuses(
            'CASE_ALREADY_DECIDED',
            `Case ${state.caseId} was already decided (${state.decision.decision}) on ${state.decision.decidedOn}; a decision is final.`,
          );
        const { decision, fineCents, suspendDays, policy } = command;
        if (decision === 'dismiss') {
          const penalties = [
            ...(fineCents !== undefined ? [{ field: 'fineCents', message: 'A dismissed case carries no fine.' }] : []),
            ...(suspendDays !== undefined ? [{ field: 'suspendDays', message: 'A dismissed case carries no suspension.' }] : []),
          ];
          if (penalties.length) throw invalidInput(penalties, 'A fine or a suspension goes only with uphold.');
        }
        // deciding ends the merchant's chance to appeal: not before the window closes, unless they appealed or waived
        const today = localDate(command.now, policy.timeZone);
        if (!state.appeal && !state.waivedAt && today <= state.appealDeadline)
          throw ruleRefuses(
            'APPEAL_WINDOW_OPEN',
            `Case ${state.caseId} can be decided from ${addDays(state.appealDeadline, 1)}, or as soon as the merchant appeals or waives the appeal: ` +
              `until ${state.appealDeadline} the merchant may still appeal.`,
          );
        const decidedOn = localDate(command.now, policy.timeZone);
        return [
          {
            type: 'CaseDecided',
            data: {
              caseId: state.caseId,
              violationId: state.violationId,
              merchantId: state.merchantId,
              decision,
              reason: command.reason,
              ...(fineCents ? { fineCents } : {}),
              ...(suspendDays ? { suspendDays, suspendedUntil: addDays(decidedOn, suspendDays - 1) } : {}),
              decidedOn,
              decidedAt: command.now.toISOString(),
              policyVersion: policy.version,
            },
          },
        ];
      }

      case 'WaiveAppeal': {
        assertAppealStillOpen(state, command, 'waive its appeal');
        if (state.waivedAt) return [];
        return [
          { type: 'AppealWaived', data: { caseId: state.caseId, merchantId: state.merchantId, waivedAt: command.now.toISOString() } },
        ];
      }

      case 'RecordFinePayment': {
        if (state.status === 'none') return caseNotFound(command.caseId);
        if (state.status !== 'decided' || !state.decision.fineCents)
          throw ruleRefuses('NO_FINE', `Case ${state.caseId} carries no fine to pay.`);
        if (state.finePayment) {
          if (state.finePayment.receiptNo === command.receiptNo && state.finePayment.paidOn === command.paidOn) return [];
          throw conflict(
            'FINE_ALREADY_PAID',
            `The fine of case ${state.caseId} was recorded as paid on ${state.finePayment.paidOn} (receipt ${state.finePayment.receiptNo}).`,
          );
        }
        const today = localDate(command.now, command.timeZone);
        if (command.paidOn > today || command.paidOn < state.decision.decidedOn)
          throw invalidInput(
            [{ field: 'paidOn', message: `a payment date from the decision (${state.decision.decidedOn}) to today (${today})` }],
            'The payment date must lie between the decision and today.',
          );
        return [
          {
            type: 'FinePaymentRecorded',
            data: {
              caseId: state.caseId,
              merchantId: state.merchantId,
              paidOn: command.paidOn,
              receiptNo: command.receiptNo,
              recordedAt: command.now.toISOString(),
            },
          },
        ];
      }

      case 'CorrectCase': {
        // a decision is final; a correction delivered again finds the case corrected already
        if (state.status !== 'open') return [];
        return [
          {
            type: 'CaseCorrected',
            data: {
              caseId: state.caseId,
              violationId: state.violationId,
              merchantId: state.merchantId,
              reason: command.reason,
              correctedOn: localDate(new Date(command.correctedAt), command.timeZone),
              correctedAt: command.correctedAt,
            },
          },
        ];
      }

      default: {
        const unknown: never = command;
        throw new Error(`unknown command ${JSON.stringify(unknown)}`);
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'CaseOpened':
        return { status: 'open', appeal: null, ...event.data };
      case 'AppealSubmitted':
        if (state.status !== 'open') return state;
        return { ...state, appeal: { statement: event.data.statement, submittedAt: event.data.submittedAt } };
      case 'AppealWaived':
        return state.status === 'open' ? { ...state, waivedAt: event.data.waivedAt } : state;
      case 'FinePaymentRecorded': {
        if (state.status !== 'decided') return state;
        const { caseId: _c, merchantId: _m, ...finePayment } = event.data;
        return { ...state, finePayment };
      }
      case 'CaseDecided': {
        if (state.status !== 'open') return state;
        const { caseId: _c, violationId: _v, merchantId: _m, ...decision } = event.data;
        return { ...state, status: 'decided', decision };
      }
      case 'CaseCorrected': {
        if (state.status !== 'open') return state;
        const { caseId: _c, violationId: _v, merchantId: _m, ...correction } = event.data;
        return { ...state, status: 'corrected', correction };
      }
      default: {
        const unknown: never = event;
        throw new Error(`unknown event ${JSON.stringify(unknown)}`);
      }
    }
  },
};
