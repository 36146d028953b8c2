/**
 * Why a command was refused although its input was well formed: the aggregate's
 * state forbids it. Transports map it to HTTP 404 / 422 (gRPC NOT_FOUND /
 * FAILED_PRECONDITION) by `code`; field-level input problems are ValidationError (400).
 * Each bounded context names its codes as a string union and narrows `Code` with it.
 */
export class DomainRuleViolation<Code extends string = string> extends Error {
  override readonly name = 'DomainRuleViolation';

  constructor(
    readonly code: Code,
    detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}
