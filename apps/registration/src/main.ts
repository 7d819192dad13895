import { runService } from '@fd/platform';
import { registrationService } from './registration.service-def';

runService(registrationService);
