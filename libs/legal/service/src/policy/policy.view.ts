import type { EscalationPolicy } from '@collections/legal-domain';

export type EscalationPolicyView = EscalationPolicy;

export const policyGrpcOut = (view: EscalationPolicyView) => ({ ...view });
