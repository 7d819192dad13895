import { Controller, Get, Param, Query } from '@nestjs/common';
import { CurrentUser, parseInput, Principal, Roles } from '@fd/platform';
import { listPurchasesQuery } from './view-purchases.request';
import { Purchases, PurchaseView } from './view-purchases.query';

@Controller('api/v1/purchases')
export class ViewPurchasesController {
  constructor(private readonly purchases: Purchases) {}

  @Roles('clerk', 'admin', 'merchant')
  @Get()
  list(@Query() query: unknown, @CurrentUser() user: Principal): Promise<{ items: PurchaseView[]; nextCursor?: string }> {
    return this.purchases.list(parseInput(listPurchasesQuery, query), user);
  }

  @Roles('clerk', 'admin', 'merchant')
  @Get(':purchaseId')
  one(@Param('purchaseId') purchaseId: string, @CurrentUser() user: Principal): Promise<PurchaseView> {
    return this.purchases.one(purchaseId, user);
  }
}
