import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { merchantFilter, Page, pageOf, Principal, SERVICE_SCHEMA } from '@fd/platform';
import { maskPhoneNumbersInText } from '@fd/kernel';
import { filters } from '../shared/page';
import type { FindingKind } from '@fd/callbacks-domain';
import { listFindingsRequest } from './list-findings.request';

export type ListFindingsQuery = z.infer<typeof listFindingsRequest>;

interface FindingRow {
  id: string;
  merchant_id: string;
  kind: FindingKind;
  serviced_on: string | null;
  purchase_id: string | null;
  card_no: string | null;
  serial: string | null;
  note: string;
  recorded_on: string;
  recorded_at: Date;
  withdrawal: Withdrawal | null;
}

/** An administrator's withdrawal of a finding recorded by mistake (docs/rules.md#7-violations-and-penalty-cases). */
export interface Withdrawal {
  reason: string;
  withdrawnOn: string;
  withdrawnAt: string;
}

export interface FindingView {
  id: string;
  merchantId: string;
  kind: FindingKind;
  servicedOn?: string;
  /** The day of a sale kept from the desk, when known. */
  purchasedOn?: string;
  purchaseId?: string;
  cardNo?: string;
  serial?: string;
  note: string;
  recordedOn: string;
  recordedAt: string;
  withdrawal?: Withdrawal;
}

/** Findings, newest first; a merchant sees only its own. */
@Injectable()
export class Findings {
  constructor(
    private readonly ds: DataSource,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  async list(q: ListFindingsQuery, viewer: Principal): Promise<Page<FindingView>> {
    const merchantId = merchantFilter(viewer, q.merchantId);
    const f = filters();
    if (merchantId) f.where(`merchant_id = ${f.param(merchantId)}`);
    f.after(q.cursor, 'recorded_at', 'id');
    const rows: FindingRow[] = await this.ds.query(
      `${SELECT} FROM "${this.schema}".findings ${f.clause()} ORDER BY recorded_at DESC, id DESC LIMIT ${f.param(q.limit + 1)}`,
      f.params,
    );
    return pageOf(
      rows,
      q.limit,
      (r) => ({ at: r.recorded_at, id: r.id }),
      (r) => findingView(r, viewer),
    );
  }

  /** One finding, as the list shows it; null when there is none. */
  async one(id: string, viewer: Principal): Promise<FindingView | null> {
    const rows: FindingRow[] = await this.ds.query(`${SELECT} FROM "${this.schema}".findings WHERE id = $1`, [id]);
    return rows[0] ? findingView(rows[0], viewer) : null;
  }
}

const SELECT = `SELECT id, merchant_id, kind, serviced_on::text AS serviced_on, purchase_id, card_no, serial, note,
                       recorded_on::text AS recorded_on, recorded_at, withdrawal`;

function findingView(r: FindingRow, viewer: Principal): FindingView {
  const masked = (text: string) => (viewer.role === 'merchant' ? maskPhoneNumbersInText(text) : text);
  return {
    id: r.id,
    merchantId: r.merchant_id,
    kind: r.kind,
    // the column keeps the day the finding is dated by: the sale's, for a sale kept from the desk
    ...(r.serviced_on ? (r.kind === 'purchase_not_registered' ? { purchasedOn: r.serviced_on } : { servicedOn: r.serviced_on }) : {}),
    ...(r.purchase_id ? { purchaseId: r.purchase_id } : {}),
    ...(r.card_no ? { cardNo: r.card_no } : {}),
    ...(r.serial ? { serial: r.serial } : {}),
    note: masked(r.note),
    recordedOn: r.recorded_on,
    recordedAt: r.recorded_at.toISOString(),
    ...(r.withdrawal ? { withdrawal: { ...r.withdrawal, reason: masked(r.withdrawal.reason) } } : {}),
  };
}
