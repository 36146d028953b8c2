import { systemClock, type Clock } from '@collections/shared-kernel';
import { ChannelError, type ContactChannelAdapter, type OutboundMessage, type SentMessage } from '../channel-adapter.port';
import { callProvider, httpChannelError } from '../provider-http';
import { mobileRecipient } from '../phone-number';

export interface WhatsAppCloudConfig {
  /** Default https://graph.facebook.com; a local server in tests. */
  readonly baseUrl?: string;
  /** Graph API version, e.g. v21.0. */
  readonly apiVersion: string;
  readonly phoneNumberId: string;
  readonly accessToken: string;
  /**
   * An approved message template with one body variable ({{1}}) that receives the
   * rendered text. WhatsApp refuses free text outside the 24-hour window after the
   * debtor's last message, so a cadence that starts the conversation needs one.
   */
  readonly template?: { readonly name: string; readonly languageCode?: string };
  /** Deadline for Meta's answer (default 10 s). */
  readonly timeoutMs?: number;
  readonly clock?: Clock;
}

// Meta's error codes that mean "slow down" or "try later", whatever the HTTP status says.
const RETRYABLE_CODES = new Set(['1', '2', '4', '80007', '130429', '131000', '131016', '131056', '133004']);

/**
 * WhatsApp through the Cloud API: `POST {base}/{version}/{phoneNumberId}/messages`, Bearer
 * token, JSON. The API has no idempotency key; our messageId goes as
 * `biz_opaque_callback_data`, which Meta echoes in every status webhook of the message.
 */
export class WhatsAppCloudAdapter implements ContactChannelAdapter {
  readonly channel = 'whatsapp' as const;
  private readonly url: string;
  private readonly clock: Clock;

  constructor(private readonly config: WhatsAppCloudConfig) {
    const base = (config.baseUrl ?? 'https://graph.facebook.com').replace(/\/+$/, '');
    this.url = `${base}/${encodeURIComponent(config.apiVersion)}/${encodeURIComponent(config.phoneNumberId)}/messages`;
    this.clock = config.clock ?? systemClock;
  }

  async send(message: OutboundMessage): Promise<SentMessage> {
    const to = mobileRecipient(message.to, 'whatsapp');
    const response = await callProvider('whatsapp', this.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.config.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(this.payload(to, message)),
      timeoutMs: this.config.timeoutMs ?? 10_000,
    });
    if (response.status < 200 || response.status >= 300) {
      const error = (response.json as { error?: { code?: unknown; message?: unknown; error_data?: { details?: unknown } } } | undefined)?.error;
      const code = error?.code === undefined ? undefined : String(error.code);
      const detail = typeof error?.error_data?.details === 'string' ? error.error_data.details : typeof error?.message === 'string' ? error.message : undefined;
      const failure = httpChannelError('whatsapp', response.status, code, detail);
      if (code !== undefined && RETRYABLE_CODES.has(code) && !failure.retryable) {
        throw new ChannelError('whatsapp', true, failure.reason, failure.details);
      }
      throw failure;
    }
    const id = (response.json as { messages?: { id?: unknown }[] } | undefined)?.messages?.[0]?.id;
    if (typeof id !== 'string' || id === '') throw new ChannelError('whatsapp', false, 'provider accepted the message but its answer has no messages[0].id', { status: response.status });
    return { providerMessageId: id, acceptedAt: this.clock.now().toISOString() };
  }

  private payload(to: string, message: OutboundMessage): Record<string, unknown> {
    const common = { messaging_product: 'whatsapp', recipient_type: 'individual', to, biz_opaque_callback_data: message.messageId };
    const template = this.config.template;
    if (!template) return { ...common, type: 'text', text: { preview_url: false, body: message.text } };
    return {
      ...common,
      type: 'template',
      template: {
        name: template.name,
        language: { code: template.languageCode ?? 'pt_BR' },
        // Template parameters may not hold new lines, tabs or more than 4 spaces in a row (Meta error 132018).
        components: [{ type: 'body', parameters: [{ type: 'text', text: message.text.replace(/\s+/g, ' ').trim() }] }],
      },
    };
  }
}
