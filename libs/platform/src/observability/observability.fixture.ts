/**
 * A service with no routes of its own, in a process of its own, for observability.int.spec.ts:
 * its log lines are what the test reads. Stops (and drops its schema) on SIGTERM.
 */
import { Module } from '@nestjs/common';
import { bootTestService } from '../testing';

@Module({})
class NothingModule {}

void bootTestService({ name: 'watched', schema: 'watched', port: 0, module: () => NothingModule }).then((svc) =>
  process.once('SIGTERM', () => void svc.stop().finally(() => process.exit(0))),
);
