import { RuleViolationProblem } from '@collections/shared-nest';
import { valueOrProblem } from '@collections/shared-service-kit';
import type { NegotiationRuleCode } from '@collections/negotiation-domain';
import type { Outcome } from './outcome';

/** Refusals that say another request got there first: a 409 (gRPC ABORTED), like a lost race on the stream's version. */
const CONFLICTS: ReadonlySet<NegotiationRuleCode> = new Set(['OFFER_ALREADY_ACCEPTED', 'AGREEMENT_ALREADY_ENTERED']);

export function valueOrConflict<T>(outcome: Outcome<T>): T {
  if (outcome.kind === 'refused' && CONFLICTS.has(outcome.code)) throw new RuleViolationProblem(outcome.code, outcome.detail, 409);
  return valueOrProblem(outcome);
}
