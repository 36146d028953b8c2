import { systemClock, type Clock } from '@collections/shared-kernel';
import { ChannelError, type ContactChannelAdapter, type OutboundMessage, type SentMessage } from '../channel-adapter.port';
import { mobileRecipient } from '../phone-number';
import { callProvider, httpChannelError } from '../provider-http';

export interface TwilioSmsConfig {
  /** Default https://api.twilio.com; a local server in tests. */
  readonly baseUrl?: string;
  readonly accountSid: string;
  readonly authToken: string;
  /** Our sending number (E.164) or a Messaging Service SID (MG...). */
  readonly from: string;
  /**
   * Where Twilio posts status callbacks. Our messageId is added as a `messageId` query
   * parameter (Twilio signs the full URL, so it cannot be forged).
   */
  readonly statusCallbackUrl?: string;
  /** Deadline for Twilio's answer (default 10 s). */
  readonly timeoutMs?: number;
  readonly clock?: Clock;
}

/**
 * SMS through Twilio Programmable Messaging:
 * `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded, HTTP Basic auth.
 * Our messageId goes as `I-Twilio-Idempotency-Token`, the header Twilio itself puts on
 * its webhooks; Twilio does not document it for the Messages API, so a retry after a
 * timeout may still send twice: the caller decides how often to retry.
 */
export class TwilioSmsAdapter implements ContactChannelAdapter {
  readonly channel = 'sms' as const;
  private readonly url: string;
  private readonly authorization: string;
  private readonly clock: Clock;

  constructor(private readonly config: TwilioSmsConfig) {
    const base = (config.baseUrl ?? 'https://api.twilio.com').replace(/\/+$/, '');
    this.url = `${base}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}/Messages.json`;
    this.authorization = `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64')}`;
    this.clock = config.clock ?? systemClock;
  }

  async send(message: OutboundMessage): Promise<SentMessage> {
    const to = mobileRecipient(message.to, 'sms');
    const form = new URLSearchParams({ To: to, Body: message.text });
    if (this.config.from.startsWith('MG')) form.set('MessagingServiceSid', this.config.from);
    else form.set('From', this.config.from);
    if (this.config.statusCallbackUrl) {
      const callback = new URL(this.config.statusCallbackUrl);
      callback.searchParams.set('messageId', message.messageId);
      form.set('StatusCallback', callback.toString());
    }
    const response = await callProvider('sms', this.url, {
      method: 'POST',
      headers: {
        authorization: this.authorization,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        'i-twilio-idempotency-token': message.messageId,
      },
      body: form.toString(),
      timeoutMs: this.config.timeoutMs ?? 10_000,
    });
    const body = (response.json ?? {}) as { sid?: unknown; status?: unknown; code?: unknown; message?: unknown };
    if (response.status < 200 || response.status >= 300) {
      throw httpChannelError('sms', response.status, body.code === undefined ? undefined : String(body.code), typeof body.message === 'string' ? body.message : undefined);
    }
    if (typeof body.sid !== 'string' || body.sid === '') throw new ChannelError('sms', false, 'provider accepted the message but its answer has no sid', { status: response.status });
    if (body.status === 'failed') throw new ChannelError('sms', false, 'provider refused the message (status failed)', { status: response.status });
    return { providerMessageId: body.sid, acceptedAt: this.clock.now().toISOString() };
  }
}
