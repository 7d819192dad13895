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
import { RegisterMerchantHandler } from './register-merchant/register-merchant.command';
import { Merchants } from './view-merchants/view-merchants.query';
import { RegisterStaffHandler } from './register-staff/register-staff.command';
import { RevokeStaffCertificateHandler } from './revoke-staff-certificate/revoke-staff-certificate.command';
import { MerchantStaff } from './view-staff/view-staff.query';
import { RegisterPurchaseHandler } from './register-purchase/register-purchase.command';
import { Purchases } from './view-purchases/view-purchases.query';
import { RequestAfterSalesServiceHandler } from './request-after-sales-service/request-after-sales-service.command';
import { Cards } from './view-card/view-card.query';
import { CardPrints } from './print-card/print-card.query';

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
  // the use cases (*.command.ts) and reads (*.query.ts) the controllers call
  providers: [
    RegisterMerchantHandler,
    Merchants,
    RegisterStaffHandler,
    RevokeStaffCertificateHandler,
    MerchantStaff,
    RegisterPurchaseHandler,
    Purchases,
    RequestAfterSalesServiceHandler,
    Cards,
    CardPrints,
  ],
})
export class RegistrationModule {}
