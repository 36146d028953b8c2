import { DeciderSpecification } from '@collections/shared-testing';
import { LegalRuleViolation } from '../legal-rule-code';
import { DEFAULT_POLICY_TERMS, escalationPolicyDecider, type EscalationPolicySet, type SetEscalationPolicy } from './escalation-policy';

const spec = DeciderSpecification.for(escalationPolicyDecider);
const NOW = '2026-03-02T12:00:00.000Z';
const set = (terms: Partial<SetEscalationPolicy['terms']> = {}): SetEscalationPolicy => ({ type: 'SetEscalationPolicy', terms: { ...DEFAULT_POLICY_TERMS, ...terms }, now: NOW, actor: 'admin@a' });
const setEvent = (version: number, terms: Partial<SetEscalationPolicy['terms']> = {}): EscalationPolicySet => ({
  type: 'EscalationPolicySet',
  data: { version, ...DEFAULT_POLICY_TERMS, ...terms, setAt: NOW, setBy: 'admin@a' },
});

describe('Escalation policy', () => {
  it('sets version 1 with the defaults: 60 days past due, 10 days of notice', () => {
    spec.given([]).when(set()).then([setEvent(1)]);
  });

  it('a change is the next version; the same terms again record nothing', () => {
    spec.given([setEvent(1)]).when(set({ noticePeriodDays: 15 })).then([setEvent(2, { noticePeriodDays: 15 })]);
    spec.given([setEvent(1)]).when(set()).thenNothingHappens();
  });

  it('refuses a notice period below the legal minimum the tenant configured (CDC art. 43 §2)', () => {
    const error = spec.given([]).when(set({ legalMinimumNoticeDays: 15, noticePeriodDays: 10 })).thenThrows(LegalRuleViolation, /below the legal minimum of 15 days/);
    expect(error.code).toBe('LEGAL_NOTICE_PERIOD_BELOW_MINIMUM');
  });
});
