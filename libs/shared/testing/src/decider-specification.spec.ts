import { ValidationError, assertNever, type Decider } from '@collections/shared-kernel';
import { DeciderSpecification } from './decider-specification';

// A two-state decider just big enough to exercise the helper.
type Command = { type: 'Open'; id: string } | { type: 'Close'; id: string };
type Event = { type: 'Opened'; id: string } | { type: 'Closed'; id: string };
type State = { status: 'none' } | { status: 'open' | 'closed' };

const decider: Decider<State, Command, Event> = {
  initialState: () => ({ status: 'none' }),
  evolve: (_state, event) => {
    switch (event.type) {
      case 'Opened':
        return { status: 'open' };
      case 'Closed':
        return { status: 'closed' };
      default:
        return assertNever(event);
    }
  },
  decide: (command, state) => {
    switch (command.type) {
      case 'Open':
        if (state.status !== 'none') throw ValidationError.of('id', 'already opened');
        return [{ type: 'Opened', id: command.id }];
      case 'Close':
        if (state.status === 'closed') return [];
        if (state.status !== 'open') throw ValidationError.of('id', 'not open');
        return [{ type: 'Closed', id: command.id }];
      default:
        return assertNever(command);
    }
  },
};

const spec = DeciderSpecification.for(decider);

describe('DeciderSpecification', () => {
  it('passes when the decider produces the expected events from the history', () => {
    spec.given([{ type: 'Opened', id: 'a' }]).when({ type: 'Close', id: 'a' }).then([{ type: 'Closed', id: 'a' }]);
  });

  it('fails when the produced events differ', () => {
    expect(() => spec.given([]).when({ type: 'Open', id: 'a' }).then([{ type: 'Closed', id: 'a' }])).toThrow();
  });

  it('checks the error type and message of a rejected command', () => {
    const error = spec.given([]).when({ type: 'Close', id: 'a' }).thenThrows(ValidationError, /not open/);
    expect(error.violations).toEqual([{ field: 'id', message: 'not open' }]);
  });

  it('fails thenThrows when the command succeeds', () => {
    expect(() => spec.given([]).when({ type: 'Open', id: 'a' }).thenThrows(ValidationError)).toThrow();
  });

  it('asserts that an idempotent command produces nothing', () => {
    spec
      .given([{ type: 'Opened', id: 'a' }, { type: 'Closed', id: 'a' }])
      .when({ type: 'Close', id: 'a' })
      .thenNothingHappens();
  });
});
