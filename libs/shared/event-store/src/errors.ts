/** Thrown when the stream is not at the version the caller expected. Map to HTTP 409 / gRPC ABORTED. */
export class WrongExpectedVersionError extends Error {
  override readonly name = 'WrongExpectedVersionError';
  constructor(
    readonly streamId: string,
    readonly expected: string,
    readonly actual: number,
  ) {
    super(`Stream ${streamId}: expected version ${expected}, but it is at ${actual}`);
  }
}

/** Some, not all, of the event ids of an append are stored already (or in another stream). */
export class IdempotencyConflictError extends Error {
  override readonly name = 'IdempotencyConflictError';
  constructor(
    readonly streamId: string,
    detail: string,
  ) {
    super(`Stream ${streamId}: ${detail}`);
  }
}

/** The stream belongs to another tenant. Transports map it to 404: no tenant learns another's ids exist. */
export class StreamTenantMismatchError extends Error {
  override readonly name = 'StreamTenantMismatchError';
  constructor(readonly streamId: string) {
    super(`Stream ${streamId} does not belong to the requesting tenant`);
  }
}

export class InvalidAppendError extends Error {
  override readonly name = 'InvalidAppendError';
}
