import type { Actor } from '@fd/contracts';
import type { EventStore, Principal } from '@fd/platform';
import type { Appeal, Correction, Decision, FinePayment, PenaltyCase } from '@fd/scoring-domain';
import { addDays } from '@fd/kernel';
import type { EntityManager } from 'typeorm';
import type { Sql } from '../projection/projection.tables';
import { caseStream } from './open-penalty-case';
import { maskFreeTextFor } from './phone-masking';

/** A penalty case as the API shows it (docs/api.md#resource-shapes). */
export interface PenaltyCaseView {
  id: string;
  violationId: string;
  merchantId: string;
  kind: PenaltyCase['kind'];
  serial?: string;
  findingId?: string;
  period: string;
  status: PenaltyCase['status'];
  openedAt: string;
  /** When the case was recorded and the merchant could first see it (absent in older cases). */
  visibleAt?: string;
  appealDeadline: string;
  /** The policy version in force when the case opened (it set the appeal deadline). */
  policyVersion: number;
  appeal?: Appeal;
  appealWaivedAt?: string;
  /** An open case neither appealed nor waived: the first day it may be decided (docs/rules.md#example-r8-no-decision-while-the-merchant-may-still-appeal). */
  decidableFrom?: string;
  finePayment?: FinePayment;
  decision?: Decision;
  /** The record behind the case was corrected by an administrator (status `corrected`). */
  correction?: Correction;
}

export interface TimelineEntry {
  type: string;
  at: string;
  actor: Actor;
  data: unknown;
}

export interface PenaltyCaseDetail extends PenaltyCaseView {
  /** The evidence: every event of the form (or the finding) the case is about, oldest first. */
  timeline: TimelineEntry[];
  /** Who did what to the case, and when: its own events. */
  audit: Array<{ type: string; at: string; actor: Actor }>;
}

export function caseView(c: PenaltyCase): PenaltyCaseView {
  return {
    id: c.caseId,
    violationId: c.violationId,
    merchantId: c.merchantId,
    kind: c.kind,
    ...(c.serial ? { serial: c.serial } : {}),
    ...(c.findingId ? { findingId: c.findingId } : {}),
    period: c.period,
    status: c.status,
    openedAt: c.openedAt,
    ...(c.visibleAt ? { visibleAt: c.visibleAt } : {}),
    appealDeadline: c.appealDeadline,
    policyVersion: c.policyVersion,
    ...(c.appeal ? { appeal: c.appeal } : {}),
    ...(c.status !== 'corrected' && c.waivedAt ? { appealWaivedAt: c.waivedAt } : {}),
    ...(c.status === 'open' && !c.appeal && !c.waivedAt ? { decidableFrom: addDays(c.appealDeadline, 1) } : {}),
    ...(c.status === 'decided' && c.finePayment ? { finePayment: c.finePayment } : {}),
    ...(c.status === 'decided' ? { decision: c.decision } : {}),
    ...(c.status === 'corrected' ? { correction: c.correction } : {}),
  };
}

/**
 * A case as `viewer` may see it: a merchant sees customers' phone numbers masked, in the free
 * text of the appeal, the decision and the evidence too (docs/rules.md#actors).
 */
export function caseFor<T extends PenaltyCaseView & Partial<Pick<PenaltyCaseDetail, 'timeline'>>>(viewer: Principal, c: T): T {
  if (viewer.role !== 'merchant') return c;
  return {
    ...c,
    ...(c.appeal ? { appeal: maskFreeTextFor(viewer, c.appeal) } : {}),
    ...(c.decision ? { decision: maskFreeTextFor(viewer, c.decision) } : {}),
    ...(c.correction ? { correction: maskFreeTextFor(viewer, c.correction) } : {}),
    ...(c.timeline ? { timeline: c.timeline.map((e) => ({ ...e, data: maskFreeTextFor(viewer, e.data) })) } : {}),
  };
}

export async function findCase(sql: Sql, schema: string, caseId: string): Promise<PenaltyCase | null> {
  const rows = await sql.query(`SELECT state FROM "${schema}".penalty_cases WHERE case_id = $1`, [caseId]);
  return rows[0]?.state ?? null;
}

export interface CasePosition {
  openedAt: string;
  caseId: string;
}

/** The filters of a list of cases, without its position. */
export interface CaseFilters {
  merchantId?: string;
  status?: PenaltyCase['status'];
  kind?: PenaltyCase['kind'];
}

function whereOf(q: CaseFilters & { after?: CasePosition; order?: 'newest' | 'oldest' }) {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, ...values: unknown[]) => {
    where.push(clause.replace(/\?/g, () => `$${params.push(values.shift())}`));
  };
  if (q.merchantId) add('merchant_id = ?', q.merchantId);
  if (q.status) add('status = ?', q.status);
  if (q.kind) add(`state->>'kind' = ?`, q.kind);
  if (q.after) add(`(opened_at, case_id) ${q.order === 'oldest' ? '>' : '<'} (?::timestamptz, ?)`, q.after.openedAt, q.after.caseId);
  return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

/**
 * Newest first, or oldest first (the review queue: the cases that have waited longest, whose
 * appeal windows closed first); `after` is the position of the last case of the previous page.
 */
export async function listCases(
  sql: Sql,
  schema: string,
  q: CaseFilters & { after?: CasePosition; order?: 'newest' | 'oldest'; limit: number },
): Promise<PenaltyCase[]> {
  const { where, params } = whereOf(q);
  const dir = q.order === 'oldest' ? 'ASC' : 'DESC';
  const rows = await sql.query(
    `SELECT state FROM "${schema}".penalty_cases ${where}
      ORDER BY opened_at ${dir}, case_id ${dir} LIMIT ${Number(q.limit)}`,
    params,
  );
  return rows.map((r: { state: PenaltyCase }) => r.state);
}

/** How many cases a list holds over all its pages. */
export async function countCases(sql: Sql, schema: string, q: CaseFilters): Promise<number> {
  const { where, params } = whereOf(q);
  const [{ n }] = await sql.query(`SELECT count(*)::int AS n FROM "${schema}".penalty_cases ${where}`, params);
  return n;
}

/** The case with its evidence and its audit trail, both read from the log. */
export async function caseDetail(store: EventStore, m: EntityManager, c: PenaltyCase): Promise<PenaltyCaseDetail> {
  const evidence = c.serial ? `form-${c.serial}` : `finding-${c.findingId}`;
  const timeline = (await store.readStream(m, evidence)).map((e) => ({
    type: e.type,
    at: e.metadata.occurredAt,
    actor: e.metadata.actor,
    data: e.data,
  }));
  const audit = (await store.readStream(m, caseStream(c.caseId))).map((e) => ({
    type: e.type,
    at: e.metadata.occurredAt,
    actor: e.metadata.actor,
  }));
  return { ...caseView(c), timeline, audit };
}
