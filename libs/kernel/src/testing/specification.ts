import type { Decider } from '../decider';
import type { DomainEvent } from '../decider';

/**
 * Given-when-then for deciders:
 *   spec(decider).given([events]).when(command).then([events])
 *   ... .thenThrows(code) / .thenNothingHappened()
 */
export function spec<S, C, E extends DomainEvent>(decider: Decider<S, C, E>) {
  return {
    given(events: E[]) {
      return {
        when(command: C) {
          const run = () => decider.decide(command, events.reduce(decider.evolve, decider.initialState()));
          return {
            then(expected: E[]) {
              expect(run()).toEqual(expected);
            },
            thenThrows(code: string) {
              let thrown: unknown;
              try {
                run();
              } catch (e) {
                thrown = e;
              }
              expect(thrown).toBeDefined();
              expect((thrown as { code?: string }).code).toBe(code);
            },
            thenNothingHappened() {
              expect(run()).toEqual([]);
            },
            events: run,
          };
        },
      };
    },
  };
}
