import { runService } from '@fd/platform';
import { callbacksService } from './callbacks.service-def';

runService(callbacksService);
