import { Module } from '@nestjs/common';
import { KeepPolicyWhenChanged } from '@fd/platform';
import { RegisterMerchantController } from './register-merchant/register-merchant.http.controller';
import { ViewMerchantsController } from './view-merchants/view-merchants.http.controller';
import { RegisterStaffController } from './register-staff/register-staff.http.controller';
import { RevokeStaffCertificateController } from './revoke-staff-certificate/revoke-staff-certificate.http.controller';
import { ViewStaffController } from './view-staff/view-staff.http.controller';
import { RegisterPurchaseController } from './register-purchase/register-purchase.http.controller';
import { ViewPurchasesController } from './view-purchases/view-purchases.http.controller';
import { ViewCardController } from './view-card/view-card.http.controller';
import { RequestAfterSalesServiceController } from './request-after-sales-service/request-after-sales-service.http.controller';
import { PrintCardController } from './print-card/print-card.http.controller';
import { SuspendMerchantWhenPenaltyDecidedHandler } from './suspend-merchant-when-penalty-decided/suspend-merchant-when-penalty-decided.handler';

@Module({
  controllers: [
    RegisterMerchantController,
    ViewMerchantsController,
    RegisterStaffController,
    RevokeStaffCertificateController,
    ViewStaffController,
    RegisterPurchaseController,
    ViewPurchasesController,
    RequestAfterSalesServiceController,
    PrintCardController,
    ViewCardController,
    SuspendMerchantWhenPenaltyDecidedHandler,
    KeepPolicyWhenChanged,
  ],
})
export class RegistrationModule {}
