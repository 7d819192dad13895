import type { Decider } from '@fd/kernel';
import { conflict, forbidden, invalidInput, localDate, notFound, ruleRefuses } from '@fd/kernel';

/**
 * Corrective and preventive actions (糾正預防措施, docs/rules.md, "Corrective and preventive actions"):
 * the administration opens one about a problem, its owner (a merchant or a mall department)
 * answers and marks it done, the administration checks its effectiveness; an overdue or
 * not-effective action is escalated to the general manager, who decides it.
 */

/** What the action was opened from. */
export type ActionSourceKind = 'penalty_case' | 'opinion_category' | 'merchant_trend' | 'finding';
export interface ActionSource {
  kind: ActionSourceKind;
  /** The case id, the category, the merchant id or the finding id. */
  ref: string;
}

/** Who must carry the action out: a merchant, or a department of the mall. */
export type ActionOwner = { merchantId: string; department?: undefined } | { department: string; merchantId?: undefined };

export interface ActionOpening {
  actionId: string;
  source: ActionSource;
  /** What is wrong. */
  problem: string;
  cause: string;
  /** What is to be done. */
  action: string;
  owner: ActionOwner;
  dueDate: string;
  openedAt: string;
}

export interface ActionAnswer {
  note: string;
  /** The owner says the action is carried out. */
  done: boolean;
  at: string;
  by: 'merchant' | 'admin';
}

export interface EffectivenessCheck {
  effective: boolean;
  note: string;
  checkedAt: string;
}

export interface ManagerDecision {
  decision: 'reassign' | 'close';
  note: string;
  /** reassign: the new due date (and owner, when it changes). */
  dueDate?: string;
  owner?: ActionOwner;
  /** Why the action was escalated when the manager decided it. */
  escalation: Escalation;
  decidedAt: string;
}

export type Escalation = 'overdue' | 'not_effective';

export type CorrectiveActionEvent =
  | { type: 'ActionOpened'; data: ActionOpening }
  | { type: 'ActionAnswered'; data: { actionId: string } & ActionAnswer }
  | { type: 'ActionChecked'; data: { actionId: string } & EffectivenessCheck }
  | { type: 'ActionDecidedByManager'; data: { actionId: string } & ManagerDecision };

export const ACTION_EVENT_TYPES: ReadonlySet<string> = new Set([
  'ActionOpened',
  'ActionAnswered',
  'ActionChecked',
  'ActionDecidedByManager',
]);

/**
 * open: waiting for its owner; done: the owner says it is done, waiting for the check;
 * not_effective: checked and found not effective (escalated); closed: effective, or closed by the manager.
 */
export type ActionStatus = 'open' | 'done' | 'not_effective' | 'closed';

export type CorrectiveActionState =
  | { status: 'none' }
  | (ActionOpening & {
      status: ActionStatus;
      answers: ActionAnswer[];
      check?: EffectivenessCheck;
      decisions: ManagerDecision[];
    });
export type CorrectiveAction = Exclude<CorrectiveActionState, { status: 'none' }>;

type By = { role: string; merchantId?: string };

export type CorrectiveActionCommand =
  | { type: 'OpenAction'; opening: ActionOpening; timeZone: string }
  | { type: 'AnswerAction'; actionId: string; note: string; done: boolean; by: By; now: Date }
  | { type: 'CheckAction'; actionId: string; effective: boolean; note: string; now: Date }
  | {
      type: 'DecideEscalatedAction';
      actionId: string;
      decision: 'reassign' | 'close';
      note: string;
      dueDate?: string;
      owner?: ActionOwner;
      now: Date;
      timeZone: string;
    };

/** Why an action is in the manager's queue today, if it is: past its due date and not done, or found not effective. */
export function escalationOf(a: CorrectiveAction, today: string): Escalation | null {
  if (a.status === 'not_effective') return 'not_effective';
  if (a.status === 'open' && a.dueDate < today) return 'overdue';
  return null;
}

function actionNotFound(actionId: string): never {
  throw notFound('ACTION_NOT_FOUND', `There is no corrective action ${actionId}.`);
}

function actionClosed(a: CorrectiveAction): never {
  throw ruleRefuses('ACTION_CLOSED', `Action ${a.actionId} is closed.`);
}

export const correctiveActionDecider: Decider<CorrectiveActionState, CorrectiveActionCommand, CorrectiveActionEvent> = {
  initialState: () => ({ status: 'none' }),

  decide(command, state) {
    switch (command.type) {
      case 'OpenAction': {
        if (state.status !== 'none') return [];
        const { opening } = command;
        const today = localDate(new Date(opening.openedAt), command.timeZone);
        if (opening.dueDate < today)
          throw invalidInput([{ field: 'dueDate', message: `The due date may not be before today (${today}).` }]);
        return [{ type: 'ActionOpened', data: opening }];
      }

      case 'AnswerAction': {
        if (state.status === 'none') return actionNotFound(command.actionId);
        const { by } = command;
        if (state.owner.merchantId !== undefined) {
          if (by.role !== 'merchant' || by.merchantId !== state.owner.merchantId)
            throw forbidden('OTHER_MERCHANT', 'Only the merchant the action is addressed to may answer it.');
        } else if (by.role !== 'admin')
          throw forbidden('NOT_THE_OWNER', 'An action of a mall department is answered by the administration.');
        if (state.status === 'closed') return actionClosed(state);
        if (state.status !== 'open')
          throw conflict('ACTION_ALREADY_DONE', `Action ${state.actionId} is already marked done; it waits for its check or the manager.`);
        return [
          {
            type: 'ActionAnswered',
            data: {
              actionId: state.actionId,
              note: command.note,
              done: command.done,
              at: command.now.toISOString(),
              by: by.role === 'merchant' ? 'merchant' : 'admin',
            },
          },
        ];
      }

      case 'CheckAction': {
        if (state.status === 'none') return actionNotFound(command.actionId);
        if (state.status === 'closed') return actionClosed(state);
        if (state.status !== 'done')
          throw ruleRefuses(
            'ACTION_NOT_DONE',
            `Action ${state.actionId} is not marked done yet: its effectiveness is checked after it is done.`,
          );
        return [
          {
            type: 'ActionChecked',
            data: { actionId: state.actionId, effective: command.effective, note: command.note, checkedAt: command.now.toISOString() },
          },
        ];
      }

      case 'DecideEscalatedAction': {
        if (state.status === 'none') return actionNotFound(command.actionId);
        if (state.status === 'closed') return actionClosed(state);
        const today = localDate(command.now, command.timeZone);
        const escalation = escalationOf(state, today);
        if (!escalation)
          throw ruleRefuses(
            'ACTION_NOT_ESCALATED',
            `Action ${state.actionId} is neither overdue nor found not effective; the manager decides escalated actions only.`,
          );
        if (command.decision === 'reassign') {
          if (!command.dueDate) throw invalidInput([{ field: 'dueDate', message: 'A reassigned action needs a new due date.' }]);
          if (command.dueDate < today)
            throw invalidInput([{ field: 'dueDate', message: `The new due date may not be before today (${today}).` }]);
        } else if (command.dueDate !== undefined || command.owner !== undefined)
          throw invalidInput([{ field: 'dueDate', message: 'Closing an action takes a note only.' }]);
        return [
          {
            type: 'ActionDecidedByManager',
            data: {
              actionId: state.actionId,
              decision: command.decision,
              note: command.note,
              ...(command.dueDate ? { dueDate: command.dueDate } : {}),
              ...(command.owner ? { owner: command.owner } : {}),
              escalation,
              decidedAt: command.now.toISOString(),
            },
          },
        ];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ActionOpened':
        return { ...event.data, status: 'open', answers: [], decisions: [] };
      case 'ActionAnswered': {
        if (state.status === 'none') return state;
        const { actionId: _id, ...answer } = event.data;
        return { ...state, status: answer.done ? 'done' : state.status, answers: [...state.answers, answer] };
      }
      case 'ActionChecked': {
        if (state.status === 'none') return state;
        const { actionId: _id, ...check } = event.data;
        return { ...state, status: check.effective ? 'closed' : 'not_effective', check };
      }
      case 'ActionDecidedByManager': {
        if (state.status === 'none') return state;
        const { actionId: _id, ...d } = event.data;
        if (d.decision === 'close') return { ...state, status: 'closed', decisions: [...state.decisions, d] };
        // reassigned: open again with its new due date (and owner), to be done and checked again
        const { check: _check, ...rest } = state;
        return {
          ...rest,
          status: 'open',
          dueDate: d.dueDate ?? state.dueDate,
          owner: d.owner ?? state.owner,
          decisions: [...state.decisions, d],
        };
      }
    }
  },
};
