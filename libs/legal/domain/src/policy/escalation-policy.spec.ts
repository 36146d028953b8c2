import { DeciderSpecification } from '@collections/shared-testing';
import { LegalRuleViolation } from '../legal-rule-code';
import { DEFAULT_POLICY_TERMS, MAX_POLICY_SEGMENTS, escalationPolicyDecider, policyForSegment, type EscalationPolicy, type EscalationPolicySet, type SegmentTerms, type SetEscalationPolicy } from './escalation-policy';

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

  it('versions segment overrides with the policy: new overrides are the next version, the same ones in another order record nothing', () => {
    const segments: Record<string, SegmentTerms> = { cartao: { triggerDaysPastDue: 30 }, veiculo: { noticePeriodDays: 20, protest: true } };
    spec.given([setEvent(1)]).when(set({ segments })).then([setEvent(2, { segments })]);
    spec.given([setEvent(1, { segments })]).when(set({ segments: { veiculo: { protest: true, noticePeriodDays: 20 }, cartao: { triggerDaysPastDue: 30 } } })).thenNothingHappens();
    spec.given([setEvent(1, { segments })]).when(set({ segments: { cartao: { triggerDaysPastDue: 31 }, veiculo: { noticePeriodDays: 20, protest: true } } })).then([setEvent(2, { segments: { cartao: { triggerDaysPastDue: 31 }, veiculo: { noticePeriodDays: 20, protest: true } } })]);
  });

  it('a version recorded before segments existed folds as no override, and setting the same terms again records nothing', () => {
    spec.given([setEvent(1)]).when(set({ segments: {} })).thenNothingHappens();
  });

  it("refuses a segment's notice period below the tenant's legal minimum, naming the segment", () => {
    const error = spec.given([]).when(set({ legalMinimumNoticeDays: 15, noticePeriodDays: 15, segments: { cartao: { noticePeriodDays: 12 } } })).thenThrows(LegalRuleViolation, /segment cartao: .*below the legal minimum of 15 days/);
    expect(error.code).toBe('LEGAL_NOTICE_PERIOD_BELOW_MINIMUM');
  });

  it('refuses more segments than a policy may hold, and a name that is not a segment name', () => {
    const many = Object.fromEntries(Array.from({ length: MAX_POLICY_SEGMENTS + 1 }, (_, i) => [`s${i}`, { triggerDaysPastDue: 30 }]));
    expect(spec.given([]).when(set({ segments: many })).thenThrows(LegalRuleViolation, /at most 50/).code).toBe('LEGAL_POLICY_SEGMENT_INVALID');
    expect(spec.given([]).when(set({ segments: { 'a\nb': { protest: true } } })).thenThrows(LegalRuleViolation, /not a segment name/).code).toBe('LEGAL_POLICY_SEGMENT_INVALID');
  });

  it("a debt's segment takes its overrides over the tenant's terms; another segment, none, or an inherited key like 'constructor' takes the tenant's", () => {
    const policy: EscalationPolicy = { version: 3, ...DEFAULT_POLICY_TERMS, segments: { cartao: { triggerDaysPastDue: 30, removeOn: 'payment-or-agreement' } }, setAt: NOW, setBy: 'admin@a' };
    expect(policyForSegment(policy, 'cartao')).toMatchObject({ version: 3, triggerDaysPastDue: 30, noticePeriodDays: 10, removeOn: 'payment-or-agreement', protest: false });
    expect(policyForSegment(policy, 'veiculo')).toBe(policy);
    expect(policyForSegment(policy, undefined)).toBe(policy);
    expect(policyForSegment(policy, 'constructor')).toBe(policy);
  });
});
