import { Topics } from '@fd/contracts';
import { PolicyVersions1796065300000, ServiceDefinition } from '@fd/platform';
import { RegistrationModule } from './registration.module';
import { registrationConfig } from './registration.config';
import { RegistrationReadModels1764300000000 } from './migrations/1764300000000-registration-read-models';
import { RegistrationPolicy1764500000000 } from './migrations/1764500000000-registration-policy';
import { StaffCertificateInForce1764500000001 } from './migrations/1764500000001-staff-certificate-in-force';
import { CertificateKey1796320000000 } from './migrations/1796320000000-certificate-key';
import { PurchaseSearch1796310000000 } from './migrations/1796310000000-purchase-search';
import { MerchantNumbers1796400000000 } from './migrations/1796400000000-merchant-numbers';
import { CertificatesPerMall1796800000001 } from './migrations/1796800000001-certificates-per-mall';
import { MerchantNumbersPerMall1796800000002 } from './migrations/1796800000002-merchant-numbers-per-mall';

/** Merchants, certified staff, purchases and insurance cards (docs/architecture.md). */
export const registrationService: ServiceDefinition = {
  name: 'registration',
  schema: 'registration',
  port: 8081,
  config: registrationConfig,
  module: () => RegistrationModule,
  migrations: [
    RegistrationReadModels1764300000000,
    RegistrationPolicy1764500000000,
    StaffCertificateInForce1764500000001,
    PolicyVersions1796065300000,
    CertificateKey1796320000000,
    PurchaseSearch1796310000000,
    MerchantNumbers1796400000000,
    CertificatesPerMall1796800000001,
    MerchantNumbersPerMall1796800000002,
  ],
  consumes: [Topics.scoring], // PenaltyCaseDecided: suspensions; PolicyChanged: the mall's time zone
};
