import { deadLetterTopic, topicsPublishedBy } from '@fd/contracts';
import type { ServiceDefinition } from './boot';

/** A service's Kafka topics, with the run's prefix (KAFKA_TOPIC_PREFIX). */
export interface ServiceTopics {
  /** The topics of the events it publishes (its outbox): TopicPublishers in the contracts. */
  publishes: string[];
  /** The topics it consumes. */
  consumes: string[];
  /** Where its consumers put what they cannot handle: `<consumed topic>.dlq`. */
  deadLetters: string[];
  /** All of the above, once each: what the service creates at boot. */
  all: string[];
}

/**
 * The topics a service uses: what it creates when it boots and, on a secured broker, exactly
 * what its ACLs allow it (tools/kafka/acls.ts; docs/kafka.md, "Secured mode").
 */
export function serviceTopics(def: Pick<ServiceDefinition, 'name' | 'consumes'>, prefix = ''): ServiceTopics {
  const publishes = topicsPublishedBy(def.name).map((t) => `${prefix}${t}`);
  const consumes = (def.consumes ?? []).map((t) => `${prefix}${t}`);
  const deadLetters = (def.consumes ?? []).map((t) => `${prefix}${deadLetterTopic(t)}`);
  return { publishes, consumes, deadLetters, all: [...new Set([...publishes, ...consumes, ...deadLetters])] };
}

/** The consumer group of a service's consumers (one per schema: its instances share the work). */
export const consumerGroup = (schema: string, prefix = '') => `${prefix}${schema}.consumer`;
