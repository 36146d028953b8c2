/** A field-level problem with input, raised by value types and deciders alike. */
export interface FieldViolation {
  readonly field: string;
  readonly message: string;
}

/**
 * Raised when a value cannot be built from input (a CPF with wrong check digits, a
 * negative amount). Transports map it to HTTP 400 / gRPC INVALID_ARGUMENT with the
 * violations listed field by field.
 */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  constructor(readonly violations: readonly FieldViolation[]) {
    super(violations.map((v) => `${v.field}: ${v.message}`).join('; '));
  }

  static of(field: string, message: string): ValidationError {
    return new ValidationError([{ field, message }]);
  }
}
