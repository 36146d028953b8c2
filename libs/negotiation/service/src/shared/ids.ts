import { isUuid, nameBasedUuid } from '@collections/shared-kernel';
import { NotFoundProblem } from '@collections/shared-nest';

// Stream categories (before the first dash) are unique across the platform's contexts:
// in embedded mode every service writes one log, and readers select by category.
export const policyStream = (tenantId: string): string => `negotiationpolicy-${tenantId}`;
export const offerStream = (offerId: string): string => `offer-${offerId}`;
export const agreementStream = (agreementId: string): string => `agreement-${agreementId}`;

/** An id from a path or a message: anything that is not a UUID cannot name one, so it is answered 404, not 400. */
export function knownId(value: string, field: string): string {
  if (!isUuid(value)) throw new NotFoundProblem(`${field} ${value.slice(0, 100)} is not a known id`);
  return value.toLowerCase();
}

/** One offer becomes at most one agreement: its id is derived from the offer's, so two accepts race on one stream. */
export const agreementIdOf = (offerId: string): string => nameBasedUuid('negotiation.agreement', offerId);
