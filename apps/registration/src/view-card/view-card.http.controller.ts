import { Controller, Get, Param } from '@nestjs/common';
import { CurrentUser, Principal, Roles } from '@fd/platform';
import { Cards, CardView } from './view-card.query';

@Controller('api/v1/cards/:cardNo')
export class ViewCardController {
  constructor(private readonly cards: Cards) {}

  @Roles('clerk', 'admin', 'merchant')
  @Get()
  one(@Param('cardNo') cardNo: string, @CurrentUser() user: Principal): Promise<CardView> {
    return this.cards.view(cardNo, user);
  }
}
