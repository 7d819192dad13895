import { Topics } from '@fd/contracts';
import type { ServiceDefinition } from '@fd/platform';
import { ScoringModule } from './scoring.module';
import { scoringMigrations } from './migrations';
import { scoringLog } from './projection/write-to-log';

/** The merchants' evaluation, penalty cases, appeals and decisions, and the policy (docs/architecture.md). */
export const scoringService: ServiceDefinition = {
  name: 'scoring',
  schema: 'scoring',
  port: 8084,
  module: () => ScoringModule,
  migrations: scoringMigrations,
  // forms.v1: the forms; callbacks.v1: findings; registration.merchants.v1: merchant names
  consumes: [Topics.forms, Topics.callbacks, Topics.merchants],
  eventStore: scoringLog,
};
