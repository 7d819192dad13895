import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assertMerchantScope, Principal, SERVICE_SCHEMA } from '@fd/platform';
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

@Injectable()
export class Cards {
  constructor(
    private readonly ds: DataSource,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  /** A card the caller may see, its customer as the caller may see it: 404 if none, 403 if it is another merchant's. */
  async visible(cardNo: string, viewer: Principal): Promise<CardRow> {
    const card = await findCard(this.ds, this.schema, cardNo);
    if (!card) throw cardNotFound(cardNo);
    assertMerchantScope(viewer, card.merchantId);
    return { ...card, customer: customerFor(viewer, card.customer) };
  }

  async view(cardNo: string, viewer: Principal): Promise<CardView> {
    const card = await this.visible(cardNo, viewer);
    return {
      cardNo: card.cardNo,
      purchaseId: card.purchaseId,
      registeredAt: card.registeredAt,
      merchantId: card.merchantId,
      merchant: { id: card.merchant.id, name: card.merchant.name, stall: card.merchant.stall, category: card.merchant.category },
      customer: card.customer,
      items: card.items,
      services: card.services,
      expectedForms: formsFor(card.services),
    };
  }
}
