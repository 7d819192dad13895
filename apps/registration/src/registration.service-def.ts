import { Topics } from '@fd/contracts';
import type { ServiceDefinition } from '@fd/platform';
import { RegistrationModule } from './registration.module';
import { RegistrationReadModels1764300000000 } from './migrations/1764300000000-registration-read-models';

/** Merchants, certified staff, purchases and insurance cards (docs/architecture.md). */
export const registrationService: ServiceDefinition = {
  name: 'registration',
  schema: 'registration',
  port: 8081,
  module: () => RegistrationModule,
  migrations: [RegistrationReadModels1764300000000],
  consumes: [Topics.scoring], // PenaltyCaseDecided: suspensions
};
