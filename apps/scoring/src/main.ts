import { runService } from '@fd/platform';
import { scoringService } from './scoring.service-def';

runService(scoringService);
