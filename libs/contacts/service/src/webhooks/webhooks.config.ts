/** The providers' webhook secrets; a provider without its secret has its webhook answer 404. */
export interface ContactsWebhooks {
  /** The public base URL the providers call (Twilio signs the full URL it called). */
  readonly publicBaseUrl?: string;
  readonly twilioAuthToken?: string;
  readonly whatsappAppSecret?: string;
  readonly whatsappVerifyToken?: string;
  /** The dialer's webhook secret (X-Dialer-Signature); without it the dialer webhook answers 404. */
  readonly dialerWebhookSecret?: string;
}

export const CONTACTS_WEBHOOKS = Symbol('CONTACTS_WEBHOOKS');
