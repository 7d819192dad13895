import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { BaseRpcContext } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { EntityManager } from 'typeorm';
import type { Envelope } from '@fd/contracts';
import { Delivery, IdempotentConsumer } from '../messaging/consumer';
import { ServiceRuntime } from './runtime';
import type { CommandMetadata } from '../event-store/event-store';

/** What an @EventPattern handler receives beside the envelope: the open transaction and the delivery. */
export class EventContext extends BaseRpcContext<[EntityManager, Envelope, Delivery, Date]> {
  get tx(): EntityManager {
    return this.args[0];
  }
  get envelope(): Envelope {
    return this.args[1];
  }
  get delivery(): Delivery {
    return this.args[2];
  }
  /** Metadata for events this reaction appends: same correlation, caused by the message. */
  meta(): CommandMetadata {
    return {
      now: this.args[3],
      actor: { id: 'system', role: 'system' },
      correlationId: this.envelope.correlationId,
      causationId: this.envelope.id,
    };
  }
}

/**
 * A Nest microservice transport over our idempotent Kafka consumer: handlers are plain
 * `@EventPattern('FormFiled')` methods, and each runs inside the transaction that also
 * records the message in the inbox.
 */
export class KafkaEventTransport extends Server implements CustomTransportStrategy {
  private consumer: IdempotentConsumer | null = null;

  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly groupId: string,
    private readonly topics: string[],
  ) {
    super();
  }

  async listen(callback: () => void): Promise<void> {
    const handlers = this.getHandlers();
    this.consumer = new IdempotentConsumer({
      ds: this.runtime.ds,
      schema: this.runtime.schema,
      kafka: this.runtime.kafka,
      groupId: this.groupId,
      topics: this.topics.map((t) => this.runtime.topic(t)),
      metrics: this.runtime.metrics,
      sessionTimeoutMs: this.runtime.config.KAFKA_SESSION_TIMEOUT_MS,
      stallMs: this.runtime.config.CONSUMER_STALL_MS,
      deadMs: this.runtime.config.CONSUMER_DEAD_MS,
      inboxRetentionDays: this.runtime.config.INBOX_RETENTION_DAYS,
      handles: (type) => handlers.has(type),
      handle: async (m, envelope, delivery) => {
        const handler = this.getHandlerByPattern(envelope.type)!;
        const now = await this.runtime.clock.now();
        const result = await handler(envelope.payload, new EventContext([m, envelope, delivery, now]));
        await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
      },
    });
    const consumer = this.consumer;
    const name = `consumer ${this.groupId}`;
    this.runtime.health.ready(name, () => consumer.readiness());
    this.runtime.health.live(name, () => consumer.liveness());
    this.runtime.health.detail(name, () => consumer.status());
    await consumer.start();
    callback();
  }

  async close(): Promise<void> {
    await this.consumer?.stop();
  }

  on(): void {
    throw new Error('KafkaEventTransport has no transport events');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }
}
