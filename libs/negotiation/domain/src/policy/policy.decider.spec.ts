import { ValidationError } from '@collections/shared-kernel';
import { DeciderSpecification } from '@collections/shared-testing';
import { TENANT, at, policyInput } from '../testing/negotiation.fixtures';
import { policyDecider, policyInForce, type PublishPolicy } from './policy.decider';
import { parseNegotiationPolicy } from './negotiation-policy';

const spec = DeciderSpecification.for(policyDecider);
const { tenantId: _t, version: _v, ...sent } = policyInput();
const publish = (policy: unknown = sent, now = at('2026-11-01')): PublishPolicy => ({ type: 'PublishPolicy', tenantId: TENANT, policy, now, actor: 'supervisor-1' });
const published = (version: number, now = at('2026-11-01')) => ({
  type: 'NegotiationPolicyPublished' as const,
  data: { policy: parseNegotiationPolicy({ ...sent, tenantId: TENANT, version }), publishedAt: now, publishedBy: 'supervisor-1' },
});

describe('negotiation policy', () => {
  it('the first publication is version 1, whatever version the caller wrote', () => {
    spec.given([]).when(publish({ ...sent, version: 99 })).then([published(1)]);
  });

  it('a new publication replaces the policy with the next version', () => {
    spec.given([published(1)]).when(publish(sent, at('2026-11-05'))).then([published(2, at('2026-11-05'))]);
  });

  it('keeps the tenant of the stream, not one named in the body', () => {
    spec
      .given([])
      .when(publish({ ...sent, tenantId: 'another-tenant' }))
      .then((events) => expect(events[0]?.data.policy.tenantId).toBe(TENANT));
  });

  it('refuses a policy with a bad field, naming it, and changes nothing', () => {
    const error = spec.given([published(1)]).when(publish({ ...sent, offerValidityDays: -1 })).thenThrows(ValidationError);
    expect(error.violations.map((v) => v.field)).toEqual(['offerValidityDays']);
  });

  it('has no policy in force before the first publication', () => {
    expect(policyInForce(policyDecider.initialState())).toBeUndefined();
    expect(policyInForce(policyDecider.evolve(policyDecider.initialState(), published(1)))?.version).toBe(1);
  });
});
