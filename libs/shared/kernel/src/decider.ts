/**
 * A decider is the whole behaviour of one aggregate as three pure functions
 * (Jérémie Chassaing's pattern, as in Emmett): no I/O, no clock, no random ids.
 * Time and ids arrive inside the command.
 */
export interface Decider<State, Command, Event> {
  decide(command: Command, state: State): readonly Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

/** Folds a history into the state the decider would hold after it. */
export function fold<State, Command, Event>(
  decider: Decider<State, Command, Event>,
  events: readonly Event[],
): State {
  return events.reduce(decider.evolve, decider.initialState());
}
