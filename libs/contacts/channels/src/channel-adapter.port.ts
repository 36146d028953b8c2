/** The channels an adapter sends on. Letters are rendered (renderLetterPdf) and posted, not sent here. */
export type ContactChannel = 'email' | 'sms' | 'whatsapp';

export interface OutboundAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly content: Buffer;
}

/** One message, already rendered from a checked template. */
export interface OutboundMessage {
  /**
   * Our id of the message (a UUID). It travels to the provider wherever its API can
   * carry it (the e-mail's Message-ID, the SMS status callback URL, WhatsApp's
   * biz_opaque_callback_data), so a receipt can be matched even before the provider's
   * id was recorded.
   */
  readonly messageId: string;
  readonly tenantId: string;
  /** An e-mail address, or a phone number (any format libphonenumber-js reads, Brazil by default). */
  readonly to: string;
  readonly subject?: string;
  readonly text: string;
  readonly html?: string;
  /** E-mail only. */
  readonly attachments?: readonly OutboundAttachment[];
}

export interface SentMessage {
  /** The provider's id: Twilio's `sid`, WhatsApp's `wamid...`, the SMTP Message-ID. */
  readonly providerMessageId: string;
  /** When the provider accepted it (UTC ISO instant), not when it was delivered. */
  readonly acceptedAt: string;
}

/** The port the contact cadence sends through; one adapter per channel and provider. */
export interface ContactChannelAdapter {
  readonly channel: ContactChannel;
  /** Resolves once the provider accepted the message; rejects with a ChannelError. */
  send(message: OutboundMessage): Promise<SentMessage>;
}

/**
 * A send that failed. `retryable` tells the caller whether the same message may be sent
 * again later: a timeout, a refused connection, an HTTP 429 or 5xx, a transient SMTP
 * 4xx are; an HTTP 4xx, a permanent SMTP 5xx, a number that is not a mobile are not
 * (sending them again gives the same answer, and counts as another contact attempt).
 */
export class ChannelError extends Error {
  override readonly name = 'ChannelError';
  constructor(
    readonly channel: ContactChannel,
    readonly retryable: boolean,
    readonly reason: string,
    readonly details: { readonly status?: number; readonly providerCode?: string } = {},
  ) {
    super(`${channel}: ${reason}${retryable ? ' (retryable)' : ''}`);
  }
}
