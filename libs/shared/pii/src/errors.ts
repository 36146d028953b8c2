/** The master key configuration is missing or malformed. Fail at start, never at the first request. */
export class MasterKeyConfigError extends Error {
  override readonly name = 'MasterKeyConfigError';
}

/**
 * A subject's data key cannot be unwrapped with the configured master key(s): the
 * master key is not the one the data key was wrapped with, or the row was altered.
 * Never retried: it needs an operator (wrong PII_MASTER_KEY / PII_MASTER_KEY_ID).
 */
export class MasterKeyMismatchError extends Error {
  override readonly name = 'MasterKeyMismatchError';
  constructor(
    readonly subjectId: string,
    readonly kekId: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The subject's key was destroyed by an erasure (LGPD art. 18, VI): no new personal
 * data may be encrypted for it, or a late write would bring the subject back.
 * Services map it to 410 Gone / gRPC FAILED_PRECONDITION.
 */
export class SubjectErasedError extends Error {
  override readonly name = 'SubjectErasedError';
  constructor(readonly subjectId: string) {
    super(`Personal data of subject ${subjectId} was erased: no new personal data can be stored for it`);
  }
}

/** The subject belongs to another tenant. Transports map it to 404: no tenant learns another's ids exist. */
export class SubjectTenantMismatchError extends Error {
  override readonly name = 'SubjectTenantMismatchError';
  constructor(readonly subjectId: string) {
    super(`Subject ${subjectId} does not belong to the requesting tenant`);
  }
}

/**
 * A PII token is malformed, was altered, or belongs to another subject (the subject
 * id is authenticated with the ciphertext, so a token copied elsewhere fails here).
 */
export class PiiTokenError extends Error {
  override readonly name = 'PiiTokenError';
  constructor(
    readonly subjectId: string,
    detail: string,
  ) {
    super(`PII token of subject ${subjectId}: ${detail}`);
  }
}

/** A path given to encryptPaths does not match the object's shape (a field would stay in clear). */
export class PiiPathError extends Error {
  override readonly name = 'PiiPathError';
}
