import { runService } from '@fd/platform';
import { gatewayService } from './gateway.service-def';

runService(gatewayService);
