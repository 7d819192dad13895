import { Controller, Get, Inject, Param, StreamableFile } from '@nestjs/common';
import { CurrentUser, policyInForce, Principal, Roles, RUNTIME, ServiceRuntime } from '@fd/platform';
import { maskPhone } from '@fd/kernel';
import { cardFor } from '../view-card/view-card.http.controller';
import { renderCardPdf } from './card.pdf';

@Controller('api/v1/cards/:cardNo/print.pdf')
export class PrintCardController {
  constructor(@Inject(RUNTIME) private readonly rt: ServiceRuntime) {}

  @Roles('clerk', 'admin')
  @Get()
  async print(@Param('cardNo') cardNo: string, @CurrentUser() user: Principal): Promise<StreamableFile> {
    const card = await cardFor(this.rt, user, cardNo);
    // The card goes home with the customer and may be seen by anyone: its phone number is masked.
    const pdf = await renderCardPdf({
      ...card,
      customer: { ...card.customer, phone: maskPhone(card.customer.phone) },
      timeZone: (await policyInForce(this.rt.ds, this.rt.schema)).timeZone,
    });
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `inline; filename="${card.cardNo}.pdf"`, length: pdf.length });
  }
}
