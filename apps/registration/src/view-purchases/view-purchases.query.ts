import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { merchantFilter, pageOf, Principal, SERVICE_SCHEMA } from '@fd/platform';
import { forbidden, notFound } from '@fd/kernel';
import { Card, Customer, formsFor } from '@fd/registration-domain';
import { findPurchase, listPurchases, PurchaseRow, PurchaseSearch } from '../read-models/purchase.read-model';
import { customerFor } from '../shared/customer';
import { listPurchasesQuery } from './view-purchases.request';

export interface PurchaseView {
  purchaseId: string;
  registeredAt: string;
  customer: Customer;
  /** One line per merchant, with its card; a merchant sees only its own line. */
  lines: Card[];
  cards: Array<{ cardNo: string; merchantId: string }>;
  /** Feedback forms for the lines shown: one per visit, after-sales requests included. */
  expectedForms: number;
}

/** What the caller may see of a purchase: a merchant only its own lines, with the phone masked; null if none is its own. */
function purchaseView(user: Principal, row: PurchaseRow): PurchaseView | null {
  const lines = user.role === 'merchant' ? row.cards.filter((c) => c.merchantId === user.merchantId) : row.cards;
  if (lines.length === 0) return null;
  return {
    purchaseId: row.purchaseId,
    registeredAt: row.registeredAt,
    customer: customerFor(user, row.customer),
    lines,
    cards: lines.map(({ cardNo, merchantId }) => ({ cardNo, merchantId })),
    expectedForms: formsFor(lines.flatMap((l) => l.services)),
  };
}

/**
 * What a typed search means (docs/api.md#get-purchases): `SC…` a card number by its start; digits
 * (spaces, dashes, a leading + allowed) a phone number by any part, or, for a merchant, only the
 * whole number, since a merchant sees numbers masked and must not learn the hidden digits by
 * trying; anything else a part of the customer's name.
 */
export function purchaseSearch(q: string, viewer: Principal): PurchaseSearch {
  if (/^sc\d*$/i.test(q)) return { cardPrefix: q.toUpperCase() };
  if (/^\+?[\d\s()-]+$/.test(q) && /\d/.test(q)) return { phone: q.replace(/\D/g, ''), wholePhone: viewer.role === 'merchant' };
  return { name: q };
}

@Injectable()
export class Purchases {
  constructor(
    private readonly ds: DataSource,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  /** The desk's list, newest first, searched by `q`; a merchant's list holds only purchases with a line of its own. */
  async list(q: z.infer<typeof listPurchasesQuery>, viewer: Principal): Promise<{ items: PurchaseView[]; nextCursor?: string }> {
    const rows = await listPurchases(this.ds, this.schema, {
      merchantId: merchantFilter(viewer, q.merchantId),
      after: q.cursor && { registeredAt: q.cursor.at, purchaseId: q.cursor.id },
      search: q.q === undefined ? undefined : purchaseSearch(q.q, viewer),
      limit: q.limit + 1,
    });
    const page = pageOf(
      rows,
      q.limit,
      (r) => ({ at: r.registeredAt, id: r.purchaseId }),
      (r) => purchaseView(viewer, r),
    );
    return { ...page, items: page.items.filter((v): v is PurchaseView => v !== null) };
  }

  async one(purchaseId: string, viewer: Principal): Promise<PurchaseView> {
    const row = await findPurchase(this.ds, this.schema, purchaseId);
    if (!row) throw notFound('PURCHASE_NOT_FOUND', `There is no purchase ${purchaseId}.`);
    const view = purchaseView(viewer, row);
    if (!view) throw forbidden('OTHER_MERCHANT', 'A merchant can only see purchases with a line of its own.');
    return view;
  }
}
