import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CONFIG, policyInForce, Principal, SERVICE_SCHEMA } from '@fd/platform';
import { maskPhone } from '@fd/kernel';
import { Cards } from '../view-card/view-card.query';
import { cjkFont, renderCardPdf } from './card.pdf';
import type { RegistrationConfig } from '../registration.config';

@Injectable()
export class CardPrints {
  constructor(
    private readonly cards: Cards,
    private readonly ds: DataSource,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
    @Inject(CONFIG) private readonly config: RegistrationConfig,
  ) {}

  /** The card as a PDF. It goes home with the customer and may be seen by anyone: its phone number is masked. */
  async pdf(cardNo: string, viewer: Principal): Promise<{ cardNo: string; pdf: Buffer }> {
    const card = await this.cards.visible(cardNo, viewer);
    const pdf = await renderCardPdf(
      {
        ...card,
        customer: { ...card.customer, phone: maskPhone(card.customer.phone) },
        timeZone: (await policyInForce(this.ds, this.schema)).timeZone,
      },
      cjkFont(this.config),
      this.config.SERVICE_DESK_PHONE,
    );
    return { cardNo: card.cardNo, pdf };
  }
}
