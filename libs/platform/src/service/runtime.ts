import { Kafka } from 'kafkajs';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { EventStore } from '../event-store/event-store';
import { MetricsRegistry } from '../observability/metrics';
import { HealthChecks } from '../observability/health';
import { Clock, isTestClockEnabled, SharedTestClock, systemClock } from '../time/clock';

/** Everything one service process shares: its schema, event store, Kafka client, clock and metrics. */
export class ServiceRuntime {
  readonly store: EventStore;
  readonly clock: Clock;
  readonly testClock: SharedTestClock | null;
  /** Liveness and readiness checks that the platform's parts and the service register (/health/*). */
  readonly health = new HealthChecks();

  constructor(
    readonly name: string,
    readonly schema: string,
    readonly ds: DataSource,
    readonly kafka: Kafka,
    readonly metrics: MetricsRegistry,
    readonly topicPrefix = '',
  ) {
    this.store = new EventStore(schema);
    const pool = (ds.driver as unknown as { master: Pool }).master;
    this.testClock = isTestClockEnabled() ? new SharedTestClock(pool) : null;
    this.clock = this.testClock ?? systemClock;
  }

  /** The physical Kafka topic of a logical contract topic. */
  topic(logical: string): string {
    return `${this.topicPrefix}${logical}`;
  }
}
