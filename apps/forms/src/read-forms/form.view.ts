import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assertMerchantScope, EventStore, merchantFilter, NotFoundProblem, Principal, SERVICE_SCHEMA } from '@fd/platform';
import type { Actor, ServiceType } from '@fd/contracts';
import { FormStreams, formStreamId } from '../form/form-streams';
import { maskFreeTextFor } from './phone-masking';

export interface FormRow {
  serial: string;
  purchase_id: string;
  card_no: string;
  merchant_id: string;
  service_type: ServiceType;
  visit: number;
  request_id: string | null;
  planned_date: string;
  due_date: string;
  status: string;
  issued_at: Date;
  rating: string | null;
  staff_id: string | null;
  staff_certified: boolean | null;
  uncertified_reason: string | null;
  serviced_on: string | null;
  filed_at: Date | null;
  late: boolean | null;
  comment: string | null;
  void_reason: string | null;
  voided_at: Date | null;
  overdue_at: Date | null;
  verified: boolean;
  forged: boolean;
  reported_missing: boolean;
  wrong_codes: number;
}

// dates as 'YYYY-MM-DD' text, never through a JavaScript Date and its time zone
const COLUMNS = `serial, purchase_id, card_no, merchant_id, service_type, visit, request_id,
  planned_date::text AS planned_date, due_date::text AS due_date, status, issued_at, rating, staff_id,
  staff_certified, uncertified_reason, serviced_on::text AS serviced_on, filed_at, late, comment,
  void_reason, voided_at, overdue_at, verified, forged, reported_missing, wrong_codes`;

export interface TimelineEntry {
  type: string;
  at: string;
  actor: Actor;
  data: unknown;
}

export interface ListQuery {
  merchantId?: string;
  status?: string;
  period?: string;
  purchaseId?: string;
  cardNo?: string;
  /** A serial or a card number, by its start. */
  q?: string;
  after?: string;
  limit: number;
}

/** Only clerks and admins may see verification codes (docs/api.md#resource-shapes), and how many wrong ones a form had. */
const seesCodes = (p: Principal) => p.role === 'clerk' || p.role === 'admin';
/** Who typed a wrong code is the administration's to see (their list, and the form's timeline). */
const seesWrongCodeEntries = (p: Principal) => p.role === 'admin';

/** The form as the API shows it; absent facts are left out rather than null. */
@Injectable()
export class FormViews {
  constructor(
    private readonly ds: DataSource,
    private readonly store: EventStore,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
    private readonly streams: FormStreams,
  ) {}

  private view(r: FormRow, p: Principal) {
    const optional = {
      requestId: r.request_id,
      rating: r.rating,
      staffId: r.staff_id,
      staffCertified: r.staff_certified,
      uncertifiedReason: r.uncertified_reason,
      servicedOn: r.serviced_on,
      filedAt: r.filed_at?.toISOString(),
      late: r.late,
      comment: r.comment,
      voidReason: r.void_reason,
      voidedAt: r.voided_at?.toISOString(),
      overdueAt: r.overdue_at?.toISOString(),
    };
    return maskFreeTextFor(p, {
      serial: r.serial,
      purchaseId: r.purchase_id,
      cardNo: r.card_no,
      merchantId: r.merchant_id,
      serviceType: r.service_type,
      visit: r.visit,
      plannedDate: r.planned_date,
      dueDate: r.due_date,
      status: r.status,
      issuedAt: r.issued_at.toISOString(),
      ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== null && v !== undefined)),
      verified: r.verified,
      forged: r.forged,
      reportedMissing: r.reported_missing,
      ...(seesCodes(p)
        ? {
            verificationCode: this.streams.codeOf({
              serial: r.serial,
              merchantId: r.merchant_id,
              purchaseId: r.purchase_id,
              serviceType: r.service_type,
              visit: r.visit,
            }),
            wrongCodes: r.wrong_codes,
            filingLocked: (r.status === 'issued' || r.status === 'overdue') && r.wrong_codes >= this.streams.maxWrongCodes,
          }
        : {}),
    });
  }

  /** The form's row, refused with 404 when unknown and 403 when another merchant's. */
  async row(serial: string, p: Principal): Promise<FormRow> {
    const rows: FormRow[] = await this.ds.query(`SELECT ${COLUMNS} FROM "${this.schema}".forms WHERE serial = $1`, [serial]);
    if (!rows.length) throw new NotFoundProblem('FORM_NOT_FOUND', `There is no feedback form with serial ${serial}.`);
    assertMerchantScope(p, rows[0].merchant_id);
    return rows[0];
  }

  async detail(serial: string, p: Principal) {
    const row = await this.row(serial, p);
    const events = await this.store.readStream(this.ds.manager, formStreamId(serial));
    const timeline: TimelineEntry[] = events
      .filter((e) => e.type !== 'FilingCodeRejected' || seesWrongCodeEntries(p))
      .map((e) => ({
        type: e.type,
        at: e.metadata.occurredAt,
        actor: e.metadata.actor,
        data: maskFreeTextFor(p, e.data),
      }));
    return { ...this.view(row, p), timeline };
  }

  /** The WHERE of a list (the merchant's scope included) and its arguments. */
  filters(q: Omit<ListQuery, 'limit'>, p: Principal): { where: string; args: unknown[] } {
    const where: string[] = [];
    const args: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      args.push(value);
      where.push(sql.replace('?', `$${args.length}`));
    };
    const merchantId = merchantFilter(p, q.merchantId);
    if (merchantId) add('merchant_id = ?', merchantId);
    if (q.status) add('status = ?', q.status);
    if (q.period) {
      add('planned_date >= ?::date', `${q.period}-01`);
      add(`planned_date < (?::date + interval '1 month')`, `${q.period}-01`);
    }
    if (q.purchaseId) add('purchase_id = ?', q.purchaseId);
    if (q.cardNo) add('card_no = ?', q.cardNo);
    if (q.q) {
      // typed in any case; `%` and `_` are letters here, not wildcards
      const start = `${q.q.toUpperCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      args.push(start);
      where.push(`(serial LIKE $${args.length} OR card_no LIKE $${args.length})`);
    }
    if (q.after) add('serial > ?', q.after);
    return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', args };
  }

  /** How many forms a list would show over all its pages (without its cursor). */
  async count(q: Omit<ListQuery, 'limit' | 'after'>, p: Principal): Promise<number> {
    const { where, args } = this.filters(q, p);
    const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n FROM "${this.schema}".forms ${where}`, args);
    return n;
  }

  /** Keyset pagination on the serial (serials are zero-padded, so text order is issue order). */
  async list(q: ListQuery, p: Principal) {
    const { where, args } = this.filters(q, p);
    args.push(q.limit + 1);
    const rows: FormRow[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM "${this.schema}".forms ${where}
       ORDER BY serial LIMIT $${args.length}`,
      args,
    );
    const page = rows.slice(0, q.limit);
    const more = rows.length > q.limit;
    return {
      items: page.map((r) => this.view(r, p)),
      ...(more ? { nextCursor: Buffer.from(page[page.length - 1].serial).toString('base64url') } : {}),
    };
  }
}
