import { isUuid } from '@collections/shared-kernel';
import { NotFoundProblem } from '@collections/shared-nest';
import type { DebtId } from '@collections/legal-domain';

export type { DebtId };

/** A debt's escalation stream; the category (before the first dash) is `escalation`. */
export const escalationStream = (debtId: DebtId): string => `escalation-${debtId}`;

/** A tenant's escalation policy stream (stream ids are global: the tenant is in it). */
export const policyStream = (tenantId: string): string => `escalationpolicy-${tenantId}`;

/** An id from a path or a message: anything that is not a UUID cannot name a debt, so it is answered 404, not 400. */
export function knownDebtId(value: string, field = 'debtId'): DebtId {
  if (!isUuid(value)) throw new NotFoundProblem(`${field} ${value} is not a known id`);
  return value.toLowerCase() as DebtId;
}

/** A debt id from a contract payload the contract already checked as a UUID. */
export const debtIdOf = (value: string): DebtId => value.toLowerCase() as DebtId;
