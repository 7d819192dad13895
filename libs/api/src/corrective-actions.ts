import { z } from 'zod';
import { isValidDate } from '@fd/kernel';
import type { Route } from './routes';

/**
 * Corrective and preventive actions (糾正預防措施, docs/rules.md, "Corrective and preventive
 * actions"): opened by the administration, answered by their owner, checked for effectiveness,
 * and escalated to the general manager (`manager`) when overdue or not effective.
 */
export const actionSourceKinds = ['penalty_case', 'opinion_category', 'merchant_trend', 'finding'] as const;
export type ActionSourceKind = (typeof actionSourceKinds)[number];
export const actionStatuses = ['open', 'done', 'not_effective', 'closed'] as const;
export type ActionStatus = (typeof actionStatuses)[number];
export const actionEscalations = ['overdue', 'not_effective'] as const;
export type ActionEscalation = (typeof actionEscalations)[number];
export const managerDecisions = ['reassign', 'close'] as const;

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine(isValidDate, 'not a calendar date');
const note = (what: string) => z.string().trim().min(1, what).max(4000);

/** A merchant, or a department of the mall: exactly one. */
export const actionOwnerSchema = z.union([
  z.strictObject({ merchantId: z.string().trim().min(1).max(64) }),
  z.strictObject({ department: z.string().trim().min(1, 'name the department').max(80) }),
]);

// ---- requests

export const openActionRequest = z.object({
  source: z.strictObject({ kind: z.enum(actionSourceKinds), ref: z.string().trim().min(1, 'what the action comes from').max(120) }),
  problem: note('what is wrong'),
  cause: note('the cause'),
  action: note('what is to be done'),
  owner: actionOwnerSchema,
  dueDate: date,
});

export const answerActionRequest = z.object({
  note: note('what was done'),
  done: z.boolean().default(false),
});

export const checkActionRequest = z.object({
  effective: z.boolean({ error: 'effective or not (true / false)' }),
  note: note('what the check found'),
});

export const managerDecisionRequest = z.object({
  decision: z.enum(managerDecisions),
  note: note('the reason of the decision'),
  /** reassign: the new due date, not before today. */
  dueDate: date.optional(),
  /** reassign: a new owner, if it changes. */
  owner: actionOwnerSchema.optional(),
});

export const listActionsQuery = z.object({
  merchantId: z.string().trim().min(1).optional(),
  status: z.enum(actionStatuses).optional(),
  /** `true`: the general manager's queue (overdue or not effective today). */
  escalated: z.enum(['true', 'false']).optional(),
  /** Only the actions opened from this source (e.g. a penalty case id). */
  sourceRef: z.string().trim().min(1).optional(),
});

// ---- answers

export const correctiveActionSchema = z.strictObject({
  id: z.string(),
  source: z.strictObject({ kind: z.enum(actionSourceKinds), ref: z.string() }),
  problem: z.string(),
  cause: z.string(),
  action: z.string(),
  owner: z.strictObject({ merchantId: z.string().optional(), department: z.string().optional() }),
  dueDate: z.string(),
  status: z.enum(actionStatuses),
  openedAt: z.string(),
  answers: z.array(z.strictObject({ note: z.string(), done: z.boolean(), at: z.string(), by: z.enum(['merchant', 'admin']) })),
  check: z.strictObject({ effective: z.boolean(), note: z.string(), checkedAt: z.string() }).optional(),
  decisions: z.array(
    z.strictObject({
      decision: z.enum(managerDecisions),
      note: z.string(),
      dueDate: z.string().optional(),
      owner: z.strictObject({ merchantId: z.string().optional(), department: z.string().optional() }).optional(),
      escalation: z.enum(actionEscalations),
      decidedAt: z.string(),
    }),
  ),
  /** Why it is in the general manager's queue today; absent when it is not. */
  escalation: z.enum(actionEscalations).optional(),
});
export type CorrectiveActionView = z.infer<typeof correctiveActionSchema>;

export const correctiveActionsSchema = z.strictObject({ items: z.array(correctiveActionSchema) });

export const correctiveActionRoutes: Route[] = [
  {
    method: 'post',
    path: '/corrective-actions',
    summary: 'Open a corrective action {source, problem, cause, action, owner, dueDate}',
    roles: 'admin',
    tag: 'corrective actions',
    status: 201,
    body: openActionRequest,
    answer: correctiveActionSchema,
  },
  {
    method: 'get',
    path: '/corrective-actions',
    summary: "Corrective actions, newest first (?merchantId, status, escalated=true for the manager's queue, sourceRef)",
    roles: 'admin, merchant (addressed to it)',
    tag: 'corrective actions',
    query: listActionsQuery,
    answer: correctiveActionsSchema,
  },
  {
    method: 'get',
    path: '/corrective-actions/{actionId}',
    summary: 'One corrective action (404 for a merchant it is not addressed to)',
    roles: 'admin, merchant (addressed to it)',
    tag: 'corrective actions',
    answer: correctiveActionSchema,
  },
  {
    method: 'post',
    path: '/corrective-actions/{actionId}/answer',
    summary: "The owner records what it did {note, done}: the merchant its own; the administration a department's",
    roles: 'merchant, admin',
    tag: 'corrective actions',
    body: answerActionRequest,
    answer: correctiveActionSchema,
  },
  {
    method: 'post',
    path: '/corrective-actions/{actionId}/check',
    summary: 'Check a done action {effective, note}: not effective escalates it',
    roles: 'admin',
    tag: 'corrective actions',
    body: checkActionRequest,
    answer: correctiveActionSchema,
  },
  {
    method: 'post',
    path: '/corrective-actions/{actionId}/decision',
    summary: 'The general manager decides an escalated action {decision: reassign (dueDate, owner) | close, note}',
    roles: 'manager',
    tag: 'corrective actions',
    body: managerDecisionRequest,
    answer: correctiveActionSchema,
  },
];
