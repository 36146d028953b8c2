import { assertNever, type Decider, type IsoInstant } from '@collections/shared-kernel';
import { ContactsRuleViolation } from '../contacts-rule-code';
import type { CadenceCommand } from './cadence.commands';
import type { CadenceEvent, CadenceStep } from './cadence.events';

export type CadenceState =
  | { readonly status: 'undefined' }
  | {
      readonly status: 'defined';
      readonly cadenceId: string;
      readonly name: string;
      readonly segment: string;
      readonly version: number;
      /** Ordered by offset, then as given. */
      readonly steps: readonly CadenceStep[];
      readonly updatedAt: IsoInstant;
    };

export const MAX_CADENCE_STEPS = 50;

/**
 * Steps ordered by offset (a stable sort keeps the given order among equal offsets) with
 * unique ids: the process of each debt finds its next step by walking this order.
 */
function orderedSteps(steps: readonly CadenceStep[]): readonly CadenceStep[] {
  if (steps.length === 0 || steps.length > MAX_CADENCE_STEPS) {
    throw new ContactsRuleViolation('CADENCE_STEPS_INVALID', `a cadence has 1-${MAX_CADENCE_STEPS} steps, not ${steps.length}`);
  }
  const seen = new Set<string>();
  for (const step of steps) {
    if (seen.has(step.stepId)) throw new ContactsRuleViolation('CADENCE_STEPS_INVALID', `step id ${step.stepId} appears twice`);
    seen.add(step.stepId);
  }
  return [...steps].sort((a, b) => a.offsetDays - b.offsetDays);
}

function decide(command: CadenceCommand, state: CadenceState): readonly CadenceEvent[] {
  switch (command.type) {
    case 'DefineCadence': {
      if (state.status !== 'undefined') throw new ContactsRuleViolation('CADENCE_ALREADY_DEFINED', `cadence ${command.cadenceId} is already defined`);
      const steps = orderedSteps(command.steps);
      const { cadenceId, name, segment } = command;
      return [{ type: 'CadenceDefined', data: { cadenceId, name, segment, version: 1, steps, definedAt: command.now, definedBy: command.actor } }];
    }
    case 'ReviseCadence': {
      if (state.status === 'undefined') throw new ContactsRuleViolation('CADENCE_NOT_DEFINED', `cadence ${command.cadenceId} is not defined`);
      const steps = orderedSteps(command.steps);
      return [{ type: 'CadenceRevised', data: { cadenceId: state.cadenceId, version: state.version + 1, steps, revisedAt: command.now, revisedBy: command.actor } }];
    }
    default:
      return assertNever(command, 'cadence command');
  }
}

function evolve(state: CadenceState, event: CadenceEvent): CadenceState {
  switch (event.type) {
    case 'CadenceDefined': {
      const d = event.data;
      return { status: 'defined', cadenceId: d.cadenceId, name: d.name, segment: d.segment, version: d.version, steps: d.steps, updatedAt: d.definedAt };
    }
    case 'CadenceRevised':
      return state.status === 'defined' ? { ...state, version: event.data.version, steps: event.data.steps, updatedAt: event.data.revisedAt } : state;
    default:
      return assertNever(event, 'cadence event');
  }
}

/**
 * A tenant's cadence (régua de cobrança), versioned: a revision replaces the steps and
 * raises the version. Debts already running it continue on the new version from their
 * next step (see `nextStep`): editing a cadence never silently stops the ones in flight.
 */
export const cadenceDecider: Decider<CadenceState, CadenceCommand, CadenceEvent> = {
  decide,
  evolve,
  initialState: () => ({ status: 'undefined' }),
};
