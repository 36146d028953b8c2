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

/**
 * The stream was last written by a transaction younger than the caller's: appending now
 * would put this event before the previous version in the log's order. Retryable: run
 * the whole transaction again (a new transaction is younger than every one it saw
 * commit). `EventStore.transaction` does so by itself.
 */
export class StreamOrderConflictError extends Error {
  override readonly name = 'StreamOrderConflictError';
  readonly retryable = true;
  constructor(readonly streamId: string) {
    super(`Stream ${streamId} was written by a younger transaction; retry in a new transaction`);
  }
}

/**
 * Inside a caller's transaction, an append expecting `any` (or `stream_exists`) lost the
 * race on the stream's head to a concurrent writer: not a conflict of versions, and a new
 * transaction would succeed. Retryable like StreamOrderConflictError (the transaction has
 * been aborted by the failed statement, or holds an id older than the winner's).
 */
export class StreamHeadRaceLostError extends Error {
  override readonly name = 'StreamHeadRaceLostError';
  readonly retryable = true;
  constructor(readonly streamId: string) {
    super(`Stream ${streamId} moved during the append; retry in a new transaction`);
  }
}

/** Whether running the whole transaction again is the answer to this error. */
export function isRetryableInNewTransaction(error: unknown): error is StreamOrderConflictError | StreamHeadRaceLostError {
  return error instanceof StreamOrderConflictError || error instanceof StreamHeadRaceLostError;
}
