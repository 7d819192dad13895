import {
  ACTION_EVENT_TYPES,
  allScorecards,
  changesBetween,
  emptyProjection,
  evolve,
  FormView,
  figuresOf,
  LoggedEvent,
  MerchantPeriod,
  MerchantView,
  PenaltyCase,
  Projection,
  ProjectionBuilder,
  RowKeys,
  rowsTouchedBy,
  ScoreFigures,
  scorecard,
  Violation,
} from '@fd/scoring-domain';
import type { EntityManager } from 'typeorm';
import { deferred, EventStore } from '@fd/platform';

/** A transaction's EntityManager or the DataSource: both run these queries. */
export interface Sql {
  query(sql: string, params?: unknown[]): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export type ScoreRow = { merchantId: string; period: string } & ScoreFigures;

interface Table<T> {
  name: string;
  key: string[];
  columns: string[];
  values(row: T): unknown[];
}

const formsTable: Table<FormView> = {
  name: 'forms',
  key: ['serial'],
  columns: [
    'serial',
    'merchant_id',
    'period',
    'planned_date',
    'due_date',
    'status',
    'rating',
    'staff_id',
    'staff_certified',
    'serviced_on',
    'late',
    'verified',
    'forged',
  ],
  values: (f) => [
    f.serial,
    f.merchantId,
    f.period,
    f.plannedDate,
    f.dueDate,
    f.status,
    f.rating,
    f.staffId,
    f.staffCertified,
    f.servicedOn,
    f.late,
    f.verified,
    f.forged,
  ],
};
const violationsTable: Table<Violation> = {
  name: 'violations',
  key: ['id'],
  columns: ['id', 'merchant_id', 'period', 'kind', 'serial', 'finding_id', 'case_id', 'status', 'due_date'],
  values: (v) => [v.id, v.merchantId, v.period, v.kind, v.serial, v.findingId, v.caseId, v.status, v.dueDate],
};
const merchantsTable: Table<MerchantView> = {
  name: 'merchants',
  key: ['merchant_id'],
  columns: ['merchant_id', 'name', 'stall', 'category'],
  values: (m) => [m.merchantId, m.name, m.stall, m.category],
};
const casesTable: Table<PenaltyCase> = {
  name: 'penalty_cases',
  key: ['case_id'],
  columns: ['case_id', 'merchant_id', 'status', 'opened_at', 'state'],
  values: (c) => [c.caseId, c.merchantId, c.status, c.openedAt, JSON.stringify(c)],
};
const scoresTable: Table<ScoreRow> = {
  name: 'scores',
  key: ['merchant_id', 'period'],
  columns: [
    'merchant_id',
    'period',
    'score',
    'satisfaction_rate',
    'return_rate',
    'forms_issued',
    'forms_due',
    'forms_filed',
    'qualified',
    'unqualified',
    'return_rate_warning',
  ],
  values: (s) => [
    s.merchantId,
    s.period,
    s.score,
    s.satisfactionRate,
    s.returnRate,
    s.formsIssued,
    s.formsDue,
    s.formsFiled,
    s.qualified,
    s.unqualified,
    s.returnRateWarning,
  ],
};

/** The projection's tables, in the one order every lock takes them. */
export const PROJECTION_TABLES = ['merchants', 'forms', 'violations', 'penalty_cases', 'scores'];

/* eslint-disable @typescript-eslint/no-explicit-any -- rows as pg returns them */
export const toForm = (r: any): FormView => ({
  serial: r.serial,
  merchantId: r.merchant_id,
  plannedDate: r.planned_date,
  dueDate: r.due_date,
  period: r.period,
  status: r.status,
  rating: r.rating,
  staffId: r.staff_id,
  staffCertified: r.staff_certified,
  servicedOn: r.serviced_on,
  late: r.late,
  verified: r.verified,
  forged: r.forged,
});
export const toViolation = (r: any): Violation => ({
  id: r.id,
  merchantId: r.merchant_id,
  period: r.period,
  kind: r.kind,
  serial: r.serial,
  findingId: r.finding_id,
  caseId: r.case_id,
  status: r.status,
  dueDate: r.due_date ?? null,
});
const toMerchant = (r: any): MerchantView => ({ merchantId: r.merchant_id, name: r.name, stall: r.stall, category: r.category });
export const toScore = (r: any): ScoreRow => ({
  merchantId: r.merchant_id,
  period: r.period,
  score: r.score,
  satisfactionRate: r.satisfaction_rate,
  returnRate: r.return_rate,
  formsIssued: r.forms_issued,
  formsDue: r.forms_due,
  formsFiled: r.forms_filed,
  qualified: r.qualified,
  unqualified: r.unqualified,
  returnRateWarning: r.return_rate_warning,
});
/* eslint-enable @typescript-eslint/no-explicit-any */

async function upsert<T>(m: Sql, schema: string, table: Table<T>, rows: T[]): Promise<void> {
  const perStatement = Math.min(1000, Math.floor(60000 / table.columns.length)); // PostgreSQL takes at most 65535 parameters
  const updates = table.columns.filter((c) => !table.key.includes(c)).map((c) => `${c} = EXCLUDED.${c}`);
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    const params: unknown[] = [];
    const tuples = chunk.map((row) => {
      const values = table.values(row);
      const placeholders = values.map((v, j) => `$${params.length + j + 1}`);
      params.push(...values);
      return `(${placeholders.join(', ')})`;
    });
    await m.query(
      `INSERT INTO "${schema}".${table.name} (${table.columns.join(', ')}) VALUES ${tuples.join(', ')}
       ON CONFLICT (${table.key.join(', ')}) DO UPDATE SET ${updates.join(', ')}`,
      params,
    );
  }
}

const lockProjection = (m: Sql, schema: string, mode: 'ROW EXCLUSIVE' | 'EXCLUSIVE') =>
  m.query(`LOCK TABLE ${PROJECTION_TABLES.map((t) => `"${schema}".${t}`).join(', ')} IN ${mode} MODE`);

/**
 * Every transaction that appends to this service's log takes this first. Writers do not
 * block each other (or readers), but a rebuild (EXCLUSIVE) waits until none is in flight
 * and holds new ones back, so it replays a log that no one is extending.
 */
export async function holdProjection(m: Sql, schema: string): Promise<void> {
  await lockProjection(m, schema, 'ROW EXCLUSIVE');
}

/** The rows `keys` names, as a (partial) projection for `evolve`. */
async function loadRows(m: Sql, schema: string, keys: RowKeys): Promise<Projection> {
  const p = emptyProjection();
  const load = async (table: string, column: string, ids: string[]) =>
    ids.length ? m.query(`SELECT * FROM "${schema}".${table} WHERE ${column} = ANY($1)`, [ids]) : [];
  for (const r of await load('merchants', 'merchant_id', keys.merchants)) p.merchants[r.merchant_id] = toMerchant(r);
  for (const r of await load('forms', 'serial', keys.forms)) p.forms[r.serial] = toForm(r);
  for (const r of await load('violations', 'id', keys.violations)) p.violations[r.id] = toViolation(r);
  for (const r of await load('penalty_cases', 'case_id', keys.cases)) p.cases[r.case_id] = r.state;
  return p;
}

export async function formsIn(m: Sql, schema: string, merchantId: string, period: string): Promise<FormView[]> {
  return (await m.query(`SELECT * FROM "${schema}".forms WHERE merchant_id = $1 AND period = $2`, [merchantId, period])).map(toForm);
}

export async function violationsIn(m: Sql, schema: string, merchantId: string, period: string): Promise<Violation[]> {
  return (await m.query(`SELECT * FROM "${schema}".violations WHERE merchant_id = $1 AND period = $2`, [merchantId, period])).map(
    toViolation,
  );
}

/** Recomputes the score rows of some merchants' months from their forms and violations. */
async function refreshScores(m: Sql, schema: string, periods: MerchantPeriod[]): Promise<void> {
  // In a consumer's chunk (many facts, one transaction) each touched month is recomputed once,
  // just before the commit, instead of once per fact: nothing in the transaction reads scores.
  const pending = deferred(
    m,
    `${schema}|scores`,
    () => new Map<string, MerchantPeriod>(),
    // the same order as changesBetween's (by `merchant|period`), so writers take their locks alike
    (touched) =>
      recomputeScores(
        m,
        schema,
        [...touched.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, p]) => p),
      ),
  );
  if (!pending) return recomputeScores(m, schema, periods);
  for (const p of periods) pending.set(`${p.merchantId}|${p.period}`, p);
}

async function recomputeScores(m: Sql, schema: string, periods: MerchantPeriod[]): Promise<void> {
  for (const { merchantId, period } of periods) {
    // One writer per merchant and month at a time, reading only once it holds the lock:
    // two transactions can then never each write a score that misses the other's change.
    // `periods` comes sorted, so two writers take their locks in the same order.
    await m.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`${schema}|score|${merchantId}|${period}`]);
    const forms = await formsIn(m, schema, merchantId, period);
    const violations = await violationsIn(m, schema, merchantId, period);
    if (forms.length === 0 && violations.length === 0)
      await m.query(`DELETE FROM "${schema}".scores WHERE merchant_id = $1 AND period = $2`, [merchantId, period]);
    else await upsert(m, schema, scoresTable, [{ merchantId, period, ...figuresOf(scorecard(merchantId, period, forms, violations)) }]);
  }
}

/**
 * Folds newly appended events into the tables, in the same transaction: each event loads
 * the rows it touches, evolves them (the pure fold of @fd/scoring-domain), writes back what
 * changed and recomputes the scores of the months involved. Returns the violations the
 * events brought to light.
 */
export async function foldIntoTables(m: Sql, schema: string, events: LoggedEvent[]): Promise<Violation[]> {
  const found: Violation[] = [];
  for (const event of events) {
    const before = await loadRows(m, schema, rowsTouchedBy(event));
    const changes = changesBetween(before, evolve(before, event));
    await upsert(m, schema, merchantsTable, changes.merchants);
    await upsert(m, schema, formsTable, changes.forms);
    await upsert(m, schema, violationsTable, changes.violations);
    await upsert(m, schema, casesTable, changes.cases);
    await refreshScores(m, schema, changes.periods);
    found.push(...changes.newViolations);
  }
  return found;
}

export interface RebuildReport {
  events: number;
  merchants: number;
  forms: number;
  violations: number;
  cases: number;
  scores: number;
}

/**
 * Rebuilds every projection table from the first event of the log, while the service runs.
 * One transaction: the EXCLUSIVE lock waits for the writers in flight and holds new ones
 * back (readers go on reading the old rows until the commit), the log is replayed through
 * the same fold in batches, and the tables are replaced. Nothing is published and no case
 * is opened: the cases are events of the log themselves.
 */
export async function rebuildProjection(m: EntityManager, store: EventStore, schema: string, batchSize = 2000): Promise<RebuildReport> {
  await lockProjection(m, schema, 'EXCLUSIVE');
  const builder = new ProjectionBuilder();
  let events = 0;
  for (let after = 0; ; ) {
    // With the lock held no writer of the log is running: everything committed is the log.
    // The store gives each fact at the contract's current version, as the live fold saw it.
    const batch = await store.readAll(m, after, batchSize, { writersHeld: true });
    if (batch.length === 0) break;
    // the corrective actions are no part of the score projection: their rows stay as they are
    for (const e of batch) if (!ACTION_EVENT_TYPES.has(e.type)) builder.apply({ type: e.type, data: e.data } as LoggedEvent);
    events += batch.length;
    after = batch[batch.length - 1].globalPosition;
  }
  const p = builder.projection;
  const scores = allScorecards(Object.values(p.forms), Object.values(p.violations)).map((c) => ({
    merchantId: c.merchantId,
    period: c.period,
    ...figuresOf(c),
  }));
  for (const t of PROJECTION_TABLES) await m.query(`DELETE FROM "${schema}".${t}`);
  await upsert(m, schema, merchantsTable, Object.values(p.merchants));
  await upsert(m, schema, formsTable, Object.values(p.forms));
  await upsert(m, schema, violationsTable, Object.values(p.violations));
  await upsert(m, schema, casesTable, Object.values(p.cases));
  await upsert(m, schema, scoresTable, scores);
  return {
    events,
    merchants: Object.keys(p.merchants).length,
    forms: Object.keys(p.forms).length,
    violations: Object.keys(p.violations).length,
    cases: Object.keys(p.cases).length,
    scores: scores.length,
  };
}
