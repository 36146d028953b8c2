import { assertNever, type Decider, type IsoInstant } from '@collections/shared-kernel';
import { ReportingRuleViolation } from './reporting-rule-code';
import type { CloseReporting, OpenReporting, ReportingCommand } from './reporting.commands';
import type { ReportingEvent } from './reporting.events';

export type ReportingState =
  | { readonly status: 'none' }
  | { readonly status: 'open'; readonly reportingId: string; readonly title: string; readonly openedAt: IsoInstant }
  | {
      readonly status: 'closed';
      readonly reportingId: string;
      readonly title: string;
      readonly openedAt: IsoInstant;
      readonly closedAt: IsoInstant;
      readonly reason: string;
    };

// The command's fields are typed values: what is checked here is the Reporting's invariants
// (opened once, closed once, only when open), never the format of its input.
function decide(command: ReportingCommand, state: ReportingState): readonly ReportingEvent[] {
  switch (command.type) {
    case 'OpenReporting':
      return open(command, state);
    case 'CloseReporting':
      return close(command, state);
    default:
      return assertNever(command, 'reporting command');
  }
}

function open(command: OpenReporting, state: ReportingState): readonly ReportingEvent[] {
  if (state.status !== 'none') throw new ReportingRuleViolation('REPORTING_ALREADY_OPENED', `reporting ${command.reportingId} is already opened`);
  return [{ type: 'ReportingOpened', data: { reportingId: command.reportingId, title: command.title, openedAt: command.now, openedBy: command.actor } }];
}

function close(command: CloseReporting, state: ReportingState): readonly ReportingEvent[] {
  switch (state.status) {
    case 'none':
      throw new ReportingRuleViolation('REPORTING_NOT_OPENED', `reporting ${command.reportingId} was never opened`);
    case 'closed':
      throw new ReportingRuleViolation('REPORTING_ALREADY_CLOSED', `reporting ${state.reportingId} is already closed`);
    case 'open': {
      return [{ type: 'ReportingClosed', data: { reportingId: state.reportingId, reason: command.reason, closedAt: command.now, closedBy: command.actor } }];
    }
    default:
      return assertNever(state, 'reporting state');
  }
}

function evolve(state: ReportingState, event: ReportingEvent): ReportingState {
  switch (event.type) {
    case 'ReportingOpened':
      return { status: 'open', reportingId: event.data.reportingId, title: event.data.title, openedAt: event.data.openedAt };
    case 'ReportingClosed':
      // only an open one is ever closed (decide refuses the rest): the history is trusted as it is
      return state.status === 'open' ? { ...state, status: 'closed', closedAt: event.data.closedAt, reason: event.data.reason } : state;
    default:
      return assertNever(event, 'reporting event');
  }
}

/** The whole behaviour of a Reporting: pure, tested given/when/then without any infrastructure. */
export const reportingDecider: Decider<ReportingState, ReportingCommand, ReportingEvent> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};
