import type { EscalationPolicy } from '@collections/legal-domain';

export type EscalationPolicyView = EscalationPolicy;
