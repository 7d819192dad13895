import { Controller, Get, Param } from '@nestjs/common';
import { CurrentUser, Principal, Roles } from '@fd/platform';
import { MerchantStaff, StaffView } from './view-staff.query';

@Controller('api/v1/merchants/:merchantId/staff')
export class ViewStaffController {
  constructor(private readonly staff: MerchantStaff) {}

  @Roles('clerk', 'admin', 'merchant')
  @Get()
  list(@Param('merchantId') merchantId: string, @CurrentUser() user: Principal): Promise<{ items: StaffView[] }> {
    return this.staff.list(merchantId, user);
  }
}
