import { Controller, Get, Param, StreamableFile } from '@nestjs/common';
import { CurrentUser, Principal, Roles } from '@fd/platform';
import { CardPrints } from './print-card.query';

@Controller('api/v1/cards/:cardNo/print.pdf')
export class PrintCardController {
  constructor(private readonly prints: CardPrints) {}

  @Roles('clerk', 'admin')
  @Get()
  async print(@Param('cardNo') cardNo: string, @CurrentUser() user: Principal): Promise<StreamableFile> {
    const { pdf, cardNo: printed } = await this.prints.pdf(cardNo, user);
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `inline; filename="${printed}.pdf"`, length: pdf.length });
  }
}
