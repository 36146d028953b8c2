/**
 * Why a command was refused although its input was well formed: the aggregate's
 * state forbids it. Transports map it to HTTP 409 / 422 (gRPC FAILED_PRECONDITION)
 * by `code`; field-level input problems are the kernel's ValidationError (400).
 */
export type DomainRuleCode =
  | 'DEBTOR_ALREADY_REGISTERED'
  | 'DEBTOR_NOT_REGISTERED'
  | 'DEBTOR_ERASED'
  | 'CONTACT_POINT_NOT_FOUND'
  | 'DEBT_ALREADY_REGISTERED'
  | 'DEBT_NOT_REGISTERED'
  | 'DEBT_ALREADY_SETTLED'
  | 'DEBT_WRITTEN_OFF'
  | 'DEBT_DISPUTED'
  | 'DEBT_NOT_DISPUTED'
  | 'DEBT_IN_AGREEMENT'
  | 'DEBT_NOT_IN_AGREEMENT'
  | 'DEBT_NOT_PAST_DUE';

export class DomainRuleViolation extends Error {
  override readonly name = 'DomainRuleViolation';

  constructor(
    readonly code: DomainRuleCode,
    detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}
