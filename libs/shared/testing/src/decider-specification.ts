import type { Decider } from '@collections/shared-kernel';

/**
 * Given/when/then for deciders, after Emmett's DeciderSpecification:
 *
 *   spec.given([DebtRegistered]).when(RecordPayment).then([PaymentRecorded])
 *   spec.given([]).when(RegisterDebt).thenThrows(ValidationError, /above 2%/)
 *
 * The history is folded with `evolve`, the command goes through `decide`, and the
 * produced events are compared deeply with the expected ones.
 */
export const DeciderSpecification = {
  for<State, Command, Event>(decider: Decider<State, Command, Event>) {
    return {
      given(history: readonly Event[]) {
        return {
          when(command: Command) {
            const run = (): readonly Event[] => {
              const state = history.reduce(decider.evolve, decider.initialState());
              return decider.decide(command, state);
            };
            return {
              then(expected: readonly Event[] | ((events: readonly Event[]) => void)): void {
                const produced = run();
                if (typeof expected === 'function') expected(produced);
                else expect(produced).toEqual(expected);
              },
              thenNothingHappens(): void {
                expect(run()).toEqual([]);
              },
              thenThrows<E extends Error>(
                errorType: new (...args: never[]) => E,
                message?: string | RegExp,
              ): E {
                let thrown: unknown;
                try {
                  run();
                } catch (error) {
                  thrown = error;
                }
                expect(thrown).toBeInstanceOf(errorType);
                if (message !== undefined) expect((thrown as Error).message).toMatch(message);
                return thrown as E;
              },
            };
          },
        };
      },
    };
  },
};
