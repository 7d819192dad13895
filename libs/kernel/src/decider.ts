/**
 * A decider (emmett's shape): `decide` turns a command and the current state into events
 * (or throws a DomainError), `evolve` folds an event into the state. Both are pure; time comes
 * in with the command. A command whose outcome is already in the state returns [].
 */
export interface DomainEvent<T extends string = string, D = unknown> {
  type: T;
  data: D;
}

export interface Decider<State, Command, Event extends DomainEvent> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}
