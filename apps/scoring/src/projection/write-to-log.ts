import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainEvent, EventStore, EventStoreOptions, Handled, handleCommand, HandleOptions, SERVICE_SCHEMA } from '@fd/platform';
import { FACT_STREAM_TYPES, LoggedEvent, Violation } from '@fd/scoring-domain';
import { foldIntoTables, holdProjection } from './projection.tables';

/**
 * This service's log keeps the upstream facts as their contract says them: their streams are
 * read back at the contract's current version, however old the fact (docs/architecture.md,
 * "Events over time"); the cases and the policy are the service's own events.
 */
export const scoringLog: EventStoreOptions = { contractStreams: FACT_STREAM_TYPES };

/** The service's log and the schema of its projection. */
export interface ScoringLogAccess {
  readonly store: EventStore;
  readonly schema: string;
}

/** The log as the use cases and reactions are given it (Nest provides the service's event store and schema). */
@Injectable()
export class ScoringLog implements ScoringLogAccess {
  constructor(
    readonly store: EventStore,
    @Inject(SERVICE_SCHEMA) readonly schema: string,
  ) {}
}

/**
 * The one way into this service's log: hold the projection against a rebuild, decide and
 * append (with the outbox messages), and fold the new events into the projection tables,
 * all in the caller's transaction. Returns the violations the new events brought to light.
 */
export async function writeToLog<S, C, E extends DomainEvent>(
  rt: ScoringLogAccess,
  m: EntityManager,
  opts: Omit<HandleOptions<S, C, E>, 'project'>,
): Promise<Handled<S, E> & { newViolations: Violation[] }> {
  await holdProjection(m, rt.schema);
  let newViolations: Violation[] = [];
  const handled = await handleCommand(rt.store, rt.schema, m, {
    ...opts,
    project: async (tx, stored) => {
      newViolations = await foldIntoTables(
        tx,
        rt.schema,
        stored.map((e) => ({ type: e.type, data: e.data }) as LoggedEvent),
      );
    },
  });
  return { ...handled, newViolations };
}
