import { runService } from '@fd/platform';
import { formsService } from './forms.service-def';

runService(formsService);
