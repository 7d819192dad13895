import { DataSource, EntityManager } from 'typeorm';
import type { Decider, DomainEvent } from '@fd/kernel';
import { CommandMetadata, EventStore, StoredEvent } from './event-store';
import { enqueue, OutboxMessage } from '../messaging/outbox';

export type { Decider };

export interface HandleOptions<State, Command, Event extends DomainEvent> {
  streamId: string;
  streamType: string;
  decider: Decider<State, Command, Event>;
  command: Command;
  meta: CommandMetadata;
  /** Maps the new domain events to integration events for the outbox (internal events stay inside). */
  publish?: (events: Event[], state: State) => OutboxMessage[];
  /** Updates this service's read models in the same transaction. */
  project?: (m: EntityManager, stored: StoredEvent<Event>[], state: State) => Promise<void>;
}

export interface Handled<State, Event extends DomainEvent> {
  events: StoredEvent<Event>[];
  state: State;
  version: number;
}

/**
 * Loads a stream, decides, and appends the new events, their outbox messages and the read
 * model changes in one transaction (the caller's, or a new one).
 */
export async function handleCommand<State, Command, Event extends DomainEvent>(
  store: EventStore,
  schema: string,
  dsOrTx: DataSource | EntityManager,
  opts: HandleOptions<State, Command, Event>,
): Promise<Handled<State, Event>> {
  const run = async (m: EntityManager) => {
    const past = await store.readStream<Event>(m, opts.streamId);
    let state = past.reduce((s, e) => opts.decider.evolve(s, { type: e.type, data: e.data } as Event), opts.decider.initialState());
    const fresh = opts.decider.decide(opts.command, state);
    const stored = await store.append(m, opts.streamId, opts.streamType, past.length, fresh, opts.meta);
    state = fresh.reduce((s, e) => opts.decider.evolve(s, e), state);
    if (stored.length) {
      if (opts.publish) await enqueue(m, schema, opts.publish(fresh, state));
      if (opts.project) await opts.project(m, stored, state);
    }
    return { events: stored, state, version: past.length + fresh.length };
  };
  return dsOrTx instanceof DataSource ? dsOrTx.transaction(run) : run(dsOrTx);
}
