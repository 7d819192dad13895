import { Controller, Get, Param } from '@nestjs/common';
import { CurrentUser, Principal, Roles } from '@fd/platform';
import { Merchants, MerchantView } from './view-merchants.query';

@Controller('api/v1/merchants')
export class ViewMerchantsController {
  constructor(private readonly merchants: Merchants) {}

  @Roles('clerk', 'admin', 'merchant')
  @Get()
  list(@CurrentUser() user: Principal): Promise<{ items: MerchantView[] }> {
    return this.merchants.list(user);
  }

  @Roles('clerk', 'admin', 'merchant')
  @Get(':merchantId')
  one(@Param('merchantId') merchantId: string, @CurrentUser() user: Principal): Promise<MerchantView> {
    return this.merchants.one(merchantId, user);
  }
}
