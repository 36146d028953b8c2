import { assertNever, type Decider, type IsoInstant } from '@collections/shared-kernel';
import { LegalRuleViolation } from './legal-rule-code';
import type { CloseLegal, OpenLegal, LegalCommand } from './legal.commands';
import type { LegalEvent } from './legal.events';

export type LegalState =
  | { readonly status: 'none' }
  | { readonly status: 'open'; readonly legalId: string; readonly title: string; readonly openedAt: IsoInstant }
  | {
      readonly status: 'closed';
      readonly legalId: string;
      readonly title: string;
      readonly openedAt: IsoInstant;
      readonly closedAt: IsoInstant;
      readonly reason: string;
    };

// The command's fields are typed values: what is checked here is the Legal's invariants
// (opened once, closed once, only when open), never the format of its input.
function decide(command: LegalCommand, state: LegalState): readonly LegalEvent[] {
  switch (command.type) {
    case 'OpenLegal':
      return open(command, state);
    case 'CloseLegal':
      return close(command, state);
    default:
      return assertNever(command, 'legal command');
  }
}

function open(command: OpenLegal, state: LegalState): readonly LegalEvent[] {
  if (state.status !== 'none') throw new LegalRuleViolation('LEGAL_ALREADY_OPENED', `legal ${command.legalId} is already opened`);
  return [{ type: 'LegalOpened', data: { legalId: command.legalId, title: command.title, openedAt: command.now, openedBy: command.actor } }];
}

function close(command: CloseLegal, state: LegalState): readonly LegalEvent[] {
  switch (state.status) {
    case 'none':
      throw new LegalRuleViolation('LEGAL_NOT_OPENED', `legal ${command.legalId} was never opened`);
    case 'closed':
      throw new LegalRuleViolation('LEGAL_ALREADY_CLOSED', `legal ${state.legalId} is already closed`);
    case 'open': {
      return [{ type: 'LegalClosed', data: { legalId: state.legalId, reason: command.reason, closedAt: command.now, closedBy: command.actor } }];
    }
    default:
      return assertNever(state, 'legal state');
  }
}

function evolve(state: LegalState, event: LegalEvent): LegalState {
  switch (event.type) {
    case 'LegalOpened':
      return { status: 'open', legalId: event.data.legalId, title: event.data.title, openedAt: event.data.openedAt };
    case 'LegalClosed':
      // only an open one is ever closed (decide refuses the rest): the history is trusted as it is
      return state.status === 'open' ? { ...state, status: 'closed', closedAt: event.data.closedAt, reason: event.data.reason } : state;
    default:
      return assertNever(event, 'legal event');
  }
}

/** The whole behaviour of a Legal: pure, tested given/when/then without any infrastructure. */
export const legalDecider: Decider<LegalState, LegalCommand, LegalEvent> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};
