import { Card, cardNumber, Customer, PurchaseState } from '@fd/registration-domain';
import type { Sql } from '../shared/sql';

export const purchaseStream = (purchaseId: string) => `purchase-${purchaseId}`;

export interface PurchaseRow {
  purchaseId: string;
  registeredAt: string;
  customer: Customer;
  cards: Card[];
}

/** A card with what is printed on it and shown beside it: the purchase's customer and the merchant. */
export interface CardRow extends Card {
  purchaseId: string;
  registeredAt: string;
  customer: Customer;
  merchant: { id: string; name: string; stall: string; category: string; number: string };
}

export async function allocateCardNumbers(m: Sql, schema: string, count: number): Promise<string[]> {
  const rows: Array<{ n: string }> = await m.query(
    `SELECT nextval('"${schema}".card_no_seq') AS n FROM generate_series(1, $1) ORDER BY 1`,
    [count],
  );
  return rows.map((r) => cardNumber(Number(r.n)));
}

/** Projects the purchase's state: its row, and each card with every service requested so far. */
export async function savePurchase(m: Sql, schema: string, state: PurchaseState): Promise<void> {
  if (state.status !== 'registered') return;
  await m.query(
    `INSERT INTO "${schema}".purchases (id, customer_name, customer_phone, customer_address, registered_at)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING`,
    [state.purchaseId, state.customer.name, state.customer.phone, state.customer.address, state.registeredAt],
  );
  for (const card of state.cards)
    await m.query(
      `INSERT INTO "${schema}".cards (card_no, purchase_id, merchant_id, items, services)
       VALUES ($1, $2, $3, $4::jsonb, $5::jsonb)
       ON CONFLICT (card_no) DO UPDATE SET services = EXCLUDED.services`,
      [card.cardNo, state.purchaseId, card.merchantId, JSON.stringify(card.items), JSON.stringify(card.services)],
    );
}

interface PurchaseDbRow {
  id: string;
  customer_name: string;
  customer_phone: string;
  customer_address: string;
  registered_at: Date;
}
interface CardDbRow {
  card_no: string;
  purchase_id: string;
  merchant_id: string;
  items: Card['items'];
  services: Card['services'];
}

const toCard = (c: CardDbRow): Card => ({ cardNo: c.card_no, merchantId: c.merchant_id, items: c.items, services: c.services });
const toCustomer = (p: PurchaseDbRow): Customer => ({ name: p.customer_name, phone: p.customer_phone, address: p.customer_address });

async function withCards(q: Sql, schema: string, purchases: PurchaseDbRow[]): Promise<PurchaseRow[]> {
  if (purchases.length === 0) return [];
  const cards: CardDbRow[] = await q.query(
    `SELECT card_no, purchase_id, merchant_id, items, services FROM "${schema}".cards WHERE purchase_id = ANY($1::text[]) ORDER BY card_no`,
    [purchases.map((p) => p.id)],
  );
  return purchases.map((p) => ({
    purchaseId: p.id,
    registeredAt: p.registered_at.toISOString(),
    customer: toCustomer(p),
    cards: cards.filter((c) => c.purchase_id === p.id).map(toCard),
  }));
}

export async function findPurchase(q: Sql, schema: string, purchaseId: string): Promise<PurchaseRow | null> {
  const rows: PurchaseDbRow[] = await q.query(`SELECT * FROM "${schema}".purchases WHERE id = $1`, [purchaseId]);
  return (await withCards(q, schema, rows))[0] ?? null;
}

export interface PurchasePosition {
  registeredAt: string;
  purchaseId: string;
}

/**
 * What a search (`?q=`) looks for: a card number by its start, a phone number by any part (the
 * whole number only, when `wholePhone`), or a customer's name by any part.
 */
export type PurchaseSearch = { cardPrefix: string } | { phone: string; wholePhone: boolean } | { name: string };

/** `%` and `_` typed by a clerk are letters, not LIKE's wildcards. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Newest first; `after` is the last purchase of the previous page; `merchantId` keeps purchases with a line of that merchant. */
export async function listPurchases(
  q: Sql,
  schema: string,
  opts: { merchantId?: string; after?: PurchasePosition; search?: PurchaseSearch; limit: number },
): Promise<PurchaseRow[]> {
  const args: unknown[] = [opts.merchantId ?? null, opts.after?.registeredAt ?? null, opts.after?.purchaseId ?? null, opts.limit];
  let search = '';
  const s = opts.search;
  if (s && 'cardPrefix' in s) {
    // a merchant finds only its own cards (another's card number would tell whose purchase it is)
    args.push(`${likeLiteral(s.cardPrefix)}%`);
    search = `AND p.id IN (SELECT c.purchase_id FROM "${schema}".cards c
                           WHERE c.card_no LIKE $5 AND ($1::text IS NULL OR c.merchant_id = $1))`;
  } else if (s && 'phone' in s) {
    args.push(s.wholePhone ? s.phone : `%${likeLiteral(s.phone)}%`);
    search = s.wholePhone ? 'AND p.customer_phone = $5' : 'AND p.customer_phone LIKE $5';
  } else if (s) {
    args.push(`%${likeLiteral(s.name)}%`);
    search = 'AND p.customer_name ILIKE $5';
  }
  const rows: PurchaseDbRow[] = await q.query(
    `SELECT p.* FROM "${schema}".purchases p
     WHERE ($1::text IS NULL OR EXISTS (SELECT 1 FROM "${schema}".cards c WHERE c.purchase_id = p.id AND c.merchant_id = $1))
       AND ($2::timestamptz IS NULL OR (p.registered_at, p.id) < ($2::timestamptz, $3::text))
       ${search}
     ORDER BY p.registered_at DESC, p.id DESC
     LIMIT $4`,
    args,
  );
  return withCards(q, schema, rows);
}

export async function findCard(q: Sql, schema: string, cardNo: string): Promise<CardRow | null> {
  const rows: Array<CardDbRow & PurchaseDbRow & { name: string; stall: string; category: string; number: string }> = await q.query(
    `SELECT c.card_no, c.purchase_id, c.merchant_id, c.items, c.services,
            p.customer_name, p.customer_phone, p.customer_address, p.registered_at,
            m.name, m.stall, m.category, m.number
     FROM "${schema}".cards c
     JOIN "${schema}".purchases p ON p.id = c.purchase_id
     JOIN "${schema}".merchants m ON m.id = c.merchant_id
     WHERE c.card_no = $1`,
    [cardNo],
  );
  if (!rows.length) return null;
  const r = rows[0];
  return {
    ...toCard(r),
    purchaseId: r.purchase_id,
    registeredAt: r.registered_at.toISOString(),
    customer: toCustomer(r),
    merchant: { id: r.merchant_id, name: r.name, stall: r.stall, category: r.category, number: r.number },
  };
}
