import { Controller, Get, Inject, Param } from '@nestjs/common';
import { assertMerchantScope, CurrentUser, Principal, Roles, RUNTIME, ServiceRuntime } from '@fd/platform';
import { cardNotFound, CardService, Customer, formsFor, Item } from '@fd/registration-domain';
import { CardRow, findCard } from '../read-models/purchase.read-model';
import { customerFor } from '../shared/customer';

export interface CardView {
  cardNo: string;
  purchaseId: string;
  registeredAt: string;
  merchantId: string;
  merchant: { id: string; name: string; stall: string; category: string };
  customer: Customer;
  items: Item[];
  /** Planned at registration, then after-sales requests (those carry requestId and requestedAt). */
  services: CardService[];
  expectedForms: number;
}

/** Finds a card the caller may see: 404 if none, 403 if it is another merchant's. */
export async function cardFor(rt: ServiceRuntime, user: Principal, cardNo: string): Promise<CardRow> {
  const card = await findCard(rt.ds, rt.schema, cardNo);
  if (!card) throw cardNotFound(cardNo);
  assertMerchantScope(user, card.merchantId);
  return { ...card, customer: customerFor(user, card.customer) };
}

@Controller('api/v1/cards/:cardNo')
export class ViewCardController {
  constructor(@Inject(RUNTIME) private readonly rt: ServiceRuntime) {}

  @Roles('clerk', 'admin', 'merchant')
  @Get()
  async one(@Param('cardNo') cardNo: string, @CurrentUser() user: Principal): Promise<CardView> {
    const card = await cardFor(this.rt, user, cardNo);
    return {
      cardNo: card.cardNo,
      purchaseId: card.purchaseId,
      registeredAt: card.registeredAt,
      merchantId: card.merchantId,
      merchant: card.merchant,
      customer: card.customer,
      items: card.items,
      services: card.services,
      expectedForms: formsFor(card.services),
    };
  }
}
