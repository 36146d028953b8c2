import { isUuid } from '@collections/shared-kernel';
import { NotFoundProblem } from '@collections/shared-nest';
import type { LegalId } from '@collections/legal-domain';

export type { LegalId };

/** Its stream; the category (before the first dash) is `legal`. */
export const legalStream = (legalId: LegalId): string => `legal-${legalId}`;

/** An id from a path or a message: anything that is not a UUID cannot name one, so it is answered 404, not 400. */
export function knownLegalId(value: string, field = 'legalId'): LegalId {
  if (!isUuid(value)) throw new NotFoundProblem(`${field} ${value} is not a known id`);
  return value.toLowerCase() as LegalId;
}

/** A new id from the attempt's id generator (a UUIDv7 derived from the idempotency key), branded. */
export const newLegalId = (next: () => string): LegalId => next() as LegalId;
