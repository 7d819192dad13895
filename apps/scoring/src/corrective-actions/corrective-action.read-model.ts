import type { CorrectiveActionView } from '@fd/api';
import { localDate } from '@fd/kernel';
import type { CorrectiveAction } from '@fd/scoring-domain';
import { escalationOf } from '@fd/scoring-domain';
import type { Sql } from '../projection/projection.tables';

/** The stream of one action in the service's log. */
export const actionStream = (actionId: string) => `corrective-action-${actionId}`;

/** Writes an action's row as its events leave it (in the transaction that appended them). */
export async function saveAction(m: Sql, schema: string, a: CorrectiveAction): Promise<void> {
  await m.query(
    `INSERT INTO "${schema}".corrective_actions (action_id, merchant_id, status, due_date, source_ref, opened_at, state)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (action_id) DO UPDATE SET merchant_id = EXCLUDED.merchant_id, status = EXCLUDED.status,
       due_date = EXCLUDED.due_date, state = EXCLUDED.state`,
    [a.actionId, a.owner.merchantId ?? null, a.status, a.dueDate, a.source.ref, a.openedAt, JSON.stringify(a)],
  );
}

/** An action as the API shows it, with its escalation as of `today` (mall time zone). */
export function actionView(a: CorrectiveAction, today: string): CorrectiveActionView {
  const escalation = escalationOf(a, today);
  return {
    id: a.actionId,
    source: a.source,
    problem: a.problem,
    cause: a.cause,
    action: a.action,
    owner: a.owner.merchantId !== undefined ? { merchantId: a.owner.merchantId } : { department: a.owner.department },
    dueDate: a.dueDate,
    status: a.status,
    openedAt: a.openedAt,
    answers: a.answers,
    ...(a.check ? { check: a.check } : {}),
    decisions: a.decisions.map((d) => ({
      ...d,
      ...(d.owner
        ? { owner: d.owner.merchantId !== undefined ? { merchantId: d.owner.merchantId } : { department: d.owner.department } }
        : {}),
    })),
    ...(escalation ? { escalation } : {}),
  };
}

export const todayIn = (now: Date, timeZone: string) => localDate(now, timeZone);

export interface ActionFilters {
  merchantId?: string;
  status?: string;
  /** The manager's queue as of `today`. */
  escalatedOn?: string;
  /** Not in the manager's queue as of `today`. */
  notEscalatedOn?: string;
  sourceRef?: string;
}

export async function listActions(m: Sql, schema: string, f: ActionFilters, limit = 500): Promise<CorrectiveAction[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (f.merchantId) add('merchant_id = ?', f.merchantId);
  if (f.status) add('status = ?', f.status);
  if (f.sourceRef) add('source_ref = ?', f.sourceRef);
  if (f.escalatedOn) add(`(status = 'not_effective' OR (status = 'open' AND due_date < ?::date))`, f.escalatedOn);
  if (f.notEscalatedOn) add(`NOT (status = 'not_effective' OR (status = 'open' AND due_date < ?::date))`, f.notEscalatedOn);
  params.push(limit);
  const rows: Array<{ state: CorrectiveAction }> = await m.query(
    `SELECT state FROM "${schema}".corrective_actions ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY opened_at DESC, action_id DESC LIMIT $${params.length}`,
    params,
  );
  return rows.map((r) => r.state);
}

export async function findAction(m: Sql, schema: string, actionId: string): Promise<CorrectiveAction | null> {
  const rows: Array<{ state: CorrectiveAction }> = await m.query(`SELECT state FROM "${schema}".corrective_actions WHERE action_id = $1`, [
    actionId,
  ]);
  return rows[0]?.state ?? null;
}
