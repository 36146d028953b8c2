import { isUuid } from '@collections/shared-kernel';
import { NotFoundProblem } from '@collections/shared-nest';

declare const cadenceIdBrand: unique symbol;
declare const debtIdBrand: unique symbol;
declare const templateIdBrand: unique symbol;

/** A cadence's id: a UUID minted by the service, lower case. */
export type CadenceId = string & { readonly [cadenceIdBrand]: true };
/** A debt's id, as the debtors context minted it. */
export type DebtId = string & { readonly [debtIdBrand]: true };
export type TemplateId = string & { readonly [templateIdBrand]: true };

// Stream categories (before the first dash) are unique across the platform's contexts:
// in embedded mode every service writes one log, and readers select by category.
export const cadenceStream = (cadenceId: CadenceId): string => `cadence-${cadenceId}`;
/** The contact process (dunning) of one debt. */
export const dunningStream = (debtId: DebtId): string => `dunning-${debtId}`;

function known<T extends string>(value: string, field: string): T {
  if (!isUuid(value)) throw new NotFoundProblem(`${field} ${value} is not a known id`);
  return value.toLowerCase() as T;
}

/** An id from a path or a message: anything that is not a UUID cannot name one, so it is answered 404, not 400. */
export const knownCadenceId = (value: string, field = 'cadenceId'): CadenceId => known<CadenceId>(value, field);
export const knownDebtId = (value: string, field = 'debtId'): DebtId => known<DebtId>(value, field);
export const knownTemplateId = (value: string, field = 'templateId'): TemplateId => known<TemplateId>(value, field);
/** An id that arrived in an integration event the contract already checked. */
export const debtIdOf = (value: string): DebtId => value.toLowerCase() as DebtId;
export const newCadenceId = (next: () => string): CadenceId => next() as CadenceId;
export const newTemplateId = (next: () => string): TemplateId => next() as TemplateId;
/** A letter's id (the message id of the step that issued it). */
export const knownLetterId = (value: string): string => known<string>(value, 'letterId');
