import { isUuid } from '@collections/shared-kernel';
import { NotFoundProblem } from '@collections/shared-nest';
import type { DebtId, DebtorId } from '@collections/debtors-domain';

export type { DebtId, DebtorId };

export const debtorStream = (debtorId: DebtorId): string => `debtor-${debtorId}`;
export const debtStream = (debtId: DebtId): string => `debt-${debtId}`;

/**
 * An id from a path or a body that must name an existing resource: anything that is not
 * a UUID cannot be one, so it is answered as not found (404), not as invalid input.
 */
function knownId(value: string, field: string): string {
  if (!isUuid(value)) throw new NotFoundProblem(`${field} ${value} is not a known id`);
  return value.toLowerCase();
}

export const knownDebtorId = (value: string, field = 'debtorId'): DebtorId => knownId(value, field) as DebtorId;
export const knownDebtId = (value: string, field = 'debtId'): DebtId => knownId(value, field) as DebtId;

/**
 * A contact point's id from a path: the platform mints UUIDs (lower case, so an upper-case
 * spelling is the same id); a client's own reference is kept exactly as given.
 */
export const contactPointIdFrom = (value: string): string => (isUuid(value) ? value.toLowerCase() : value);

/** A new id from the id generator (a UUIDv7), branded. */
export const newDebtorId = (next: () => string): DebtorId => next() as DebtorId;
export const newDebtId = (next: () => string): DebtId => next() as DebtId;
