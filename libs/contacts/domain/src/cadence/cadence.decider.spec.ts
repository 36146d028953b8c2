import { DeciderSpecification } from '@collections/shared-testing';
import { ContactsRuleViolation } from '../contacts-rule-code';
import { ACTOR, CADENCE_ID, at, step } from '../testing.fixtures';
import type { DefineCadence } from './cadence.commands';
import { cadenceDecider } from './cadence.decider';
import type { CadenceEvent } from './cadence.events';

const spec = DeciderSpecification.for(cadenceDecider);
const define = (steps = [step('d1-email', 1), step('d5-sms', 5, 'sms')]): DefineCadence => ({
  type: 'DefineCadence',
  cadenceId: CADENCE_ID,
  name: 'Varejo padrão',
  segment: 'default',
  steps,
  now: at('2026-03-01'),
  actor: ACTOR,
});
const defined: CadenceEvent = {
  type: 'CadenceDefined',
  data: { cadenceId: CADENCE_ID, name: 'Varejo padrão', segment: 'default', version: 1, steps: [step('d1-email', 1)], definedAt: at('2026-03-01'), definedBy: ACTOR },
};

describe('a cadence (régua de cobrança)', () => {
  it('is defined at version 1 with its steps ordered by offset, reminders before the due date first', () => {
    spec
      .given([])
      .when(define([step('d5-sms', 5, 'sms'), step('d-3-email', -3), step('d1-email', 1)]))
      .then([
        {
          type: 'CadenceDefined',
          data: {
            cadenceId: CADENCE_ID,
            name: 'Varejo padrão',
            segment: 'default',
            version: 1,
            steps: [step('d-3-email', -3), step('d1-email', 1), step('d5-sms', 5, 'sms')],
            definedAt: at('2026-03-01'),
            definedBy: ACTOR,
          },
        },
      ]);
  });

  it('keeps the given order of steps on the same day (an e-mail and an SMS on day 5)', () => {
    spec
      .given([])
      .when(define([step('d5-email', 5), step('d5-sms', 5, 'sms'), step('d1', 1)]))
      .then(([event]) => expect(event?.data.steps.map((s) => s.stepId)).toEqual(['d1', 'd5-email', 'd5-sms']));
  });

  it('refuses two steps with the same id: a revision could not tell which one was sent', () => {
    spec.given([]).when(define([step('d1', 1), step('d1', 3)])).thenThrows(ContactsRuleViolation, /appears twice/);
  });

  it('refuses a cadence without steps', () => {
    spec.given([]).when(define([])).thenThrows(ContactsRuleViolation, /1-50 steps/);
  });

  it('is defined once', () => {
    spec.given([defined]).when(define()).thenThrows(ContactsRuleViolation, /already defined/);
  });

  it('is revised to the next version with the new steps', () => {
    spec
      .given([defined])
      .when({ type: 'ReviseCadence', cadenceId: CADENCE_ID, steps: [step('d1-email', 1), step('d10-letter', 10, 'letter')], now: at('2026-04-01'), actor: ACTOR })
      .then([
        {
          type: 'CadenceRevised',
          data: { cadenceId: CADENCE_ID, version: 2, steps: [step('d1-email', 1), step('d10-letter', 10, 'letter')], revisedAt: at('2026-04-01'), revisedBy: ACTOR },
        },
      ]);
  });

  it('cannot be revised before it is defined', () => {
    spec.given([]).when({ type: 'ReviseCadence', cadenceId: CADENCE_ID, steps: [step('d1', 1)], now: at('2026-04-01'), actor: ACTOR }).thenThrows(ContactsRuleViolation, /not defined/);
  });
});
