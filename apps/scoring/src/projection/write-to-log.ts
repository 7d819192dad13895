import type { EntityManager } from 'typeorm';
import { DomainEvent, Handled, handleCommand, HandleOptions, ServiceRuntime } from '@fd/platform';
import type { LoggedEvent, Violation } from '@fd/scoring-domain';
import { foldIntoTables, holdProjection } from './projection.tables';

/**
 * The one way into this service's log: hold the projection against a rebuild, decide and
 * append (with the outbox messages), and fold the new events into the projection tables,
 * all in the caller's transaction. Returns the violations the new events brought to light.
 */
export async function writeToLog<S, C, E extends DomainEvent>(
  rt: ServiceRuntime,
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
