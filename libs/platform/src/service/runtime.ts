import { Kafka } from 'kafkajs';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { EventStore, EventStoreOptions } from '../event-store/event-store';
import { MetricsRegistry } from '../observability/metrics';
import { HealthChecks } from '../observability/health';
import { Clock, SharedTestClock, systemClock } from '../time/clock';
import type { PlatformConfig } from '../config/platform.config';

/** Everything one service process shares: its configuration, schema, event store, Kafka client, clock and metrics. */
export class ServiceRuntime {
  readonly store: EventStore;
  readonly clock: Clock;
  readonly testClock: SharedTestClock | null;
  /** Liveness and readiness checks that the platform's parts and the service register (/health/*). */
  readonly health = new HealthChecks();
  /**
   * A service whose port faces the public (the entry point) answers /metrics and the details of
   * /health only on its management port; null until that port listens.
   */
  publicFacing = false;
  managementPort: number | null = null;

  constructor(
    readonly name: string,
    readonly schema: string,
    readonly ds: DataSource,
    readonly kafka: Kafka,
    readonly metrics: MetricsRegistry,
    /** Read once at start (bootService); a service's own variables too, which its code reads by `@Inject(CONFIG)`. */
    readonly config: PlatformConfig,
    readonly topicPrefix = '',
    storeOptions: EventStoreOptions = {},
  ) {
    this.store = new EventStore(schema, storeOptions);
    const pool = (ds.driver as unknown as { master: Pool }).master;
    this.testClock = config.TEST_CLOCK ? new SharedTestClock(pool, config.TEST_CLOCK_START) : null;
    this.clock = this.testClock ?? systemClock;
  }

  /** Whether a request came in where the public reaches (so it gets no metrics and no health details). */
  fromThePublic(localPort: number | undefined): boolean {
    return this.publicFacing && localPort !== this.managementPort;
  }

  /** The physical Kafka topic of a logical contract topic. */
  topic(logical: string): string {
    return `${this.topicPrefix}${logical}`;
  }
}
