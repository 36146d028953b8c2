import type { ContactChannel } from '@collections/contacts-domain';

export interface OutboundContact {
  /** Our id of the message: the provider's idempotency key where its API has one. */
  readonly messageId: string;
  readonly tenantId: string;
  readonly to: string;
  readonly subject?: string;
  readonly text: string;
  readonly html?: string;
}

export interface ContactSendReceipt {
  /** Which provider took it (receipts are looked up by provider and its id). */
  readonly provider: string;
  readonly providerMessageId: string;
}

/** A send that did not go: `retryable` when trying later may work (timeouts, 5xx, 4xx SMTP). */
export class ContactSendFailure extends Error {
  override readonly name = 'ContactSendFailure';
  constructor(
    readonly retryable: boolean,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export interface ContactSender {
  send(message: OutboundContact): Promise<ContactSendReceipt>;
}

/** The channels that send messages; a step on a channel without a sender is blocked with evidence. */
export type ContactSenders = Partial<Record<Extract<ContactChannel, 'email' | 'sms' | 'whatsapp'>, ContactSender>>;
