/** A click-to-call request: the dialer rings the agent's line, then the debtor's phone, and bridges them. */
export interface DialRequest {
  /** Our id of this dial (a UUID): sent as the dialer's idempotency key, so a retry rings once. */
  readonly reference: string;
  readonly tenantId: string;
  readonly taskId: string;
  /** The agent's id (its token's subject): the dialer maps it to the agent's extension. */
  readonly agent: string;
  /** The debtor's phone, E.164. */
  readonly phone: string;
}

export interface DialedCall {
  /** The dialer's id of the call: its webhooks name the call by it. */
  readonly callId: string;
}

/** The port the agent workspace dials through (click-to-call); one adapter per dialer product. */
export interface Dialer {
  dial(request: DialRequest): Promise<DialedCall>;
}

/** A dial that failed; `retryable` as for channels (a timeout, a 429 or a 5xx may be tried again). */
export class DialerError extends Error {
  override readonly name = 'DialerError';
  constructor(
    readonly retryable: boolean,
    readonly reason: string,
  ) {
    super(`dialer: ${reason}${retryable ? ' (retryable)' : ''}`);
  }
}

/** What a dialer reports about a call it placed, by its signed webhook. */
export type DialerCallReport =
  | { readonly event: 'call.started'; readonly callId: string; readonly at: string }
  | { readonly event: 'call.ended'; readonly callId: string; readonly at: string; readonly durationSeconds: number; readonly recordingRef: string | null };
