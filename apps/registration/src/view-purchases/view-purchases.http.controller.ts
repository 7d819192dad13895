import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import {
  CurrentUser,
  ForbiddenProblem,
  merchantFilter,
  NotFoundProblem,
  parseInput,
  Principal,
  Roles,
  RUNTIME,
  ServiceRuntime,
  pageOf,
} from '@fd/platform';
import { Card, Customer, formsFor } from '@fd/registration-domain';
import { findPurchase, listPurchases, PurchaseRow } from '../read-models/purchase.read-model';
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

@Controller('api/v1/purchases')
export class ViewPurchasesController {
  constructor(@Inject(RUNTIME) private readonly rt: ServiceRuntime) {}

  /** The desk's list, newest first; a merchant's list holds only purchases with a line of its own. */
  @Roles('clerk', 'admin', 'merchant')
  @Get()
  async list(@Query() query: unknown, @CurrentUser() user: Principal): Promise<{ items: PurchaseView[]; nextCursor?: string }> {
    const q = parseInput(listPurchasesQuery, query);
    const rows = await listPurchases(this.rt.ds, this.rt.schema, {
      merchantId: merchantFilter(user, q.merchantId),
      after: q.cursor && { registeredAt: q.cursor.at, purchaseId: q.cursor.id },
      limit: q.limit + 1,
    });
    const page = pageOf(
      rows,
      q.limit,
      (r) => ({ at: r.registeredAt, id: r.purchaseId }),
      (r) => purchaseView(user, r),
    );
    return { ...page, items: page.items.filter((v): v is PurchaseView => v !== null) };
  }

  @Roles('clerk', 'admin', 'merchant')
  @Get(':purchaseId')
  async one(@Param('purchaseId') purchaseId: string, @CurrentUser() user: Principal): Promise<PurchaseView> {
    const row = await findPurchase(this.rt.ds, this.rt.schema, purchaseId);
    if (!row) throw new NotFoundProblem('PURCHASE_NOT_FOUND', `There is no purchase ${purchaseId}.`);
    const view = purchaseView(user, row);
    if (!view) throw new ForbiddenProblem('A merchant can only see purchases with a line of its own.', 'OTHER_MERCHANT');
    return view;
  }
}
