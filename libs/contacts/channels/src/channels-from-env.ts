import { systemClock, type Clock } from '@collections/shared-kernel';
import { SmtpEmailAdapter, smtpConfigFromUrl } from './email/smtp-email.adapter';
import { TwilioSmsAdapter } from './sms/twilio-sms.adapter';
import { WhatsAppCloudAdapter } from './whatsapp/whatsapp-cloud.adapter';

/** A channel configured by halves: the message names every variable to fix, at once. */
export class ChannelConfigError extends Error {
  override readonly name = 'ChannelConfigError';
}

export interface ContactChannelsFromEnv {
  readonly email?: SmtpEmailAdapter;
  readonly sms?: TwilioSmsAdapter;
  readonly whatsapp?: WhatsAppCloudAdapter;
  /** What the webhook endpoints verify with. */
  readonly webhooks: {
    readonly twilioAuthToken?: string;
    readonly whatsappAppSecret?: string;
    readonly whatsappVerifyToken?: string;
  };
  /** For parseMessageTemplate's maxSmsLength. */
  readonly maxSmsLength?: number;
}

/**
 * The adapters as a service configures them (docs/contacts-channels.md). A channel is on
 * when its first variable is set (SMTP_URL, SMS_ACCOUNT_SID, WHATSAPP_PHONE_NUMBER_ID);
 * then its other required variables must be set too.
 */
export function contactChannelsFromEnv(env: NodeJS.ProcessEnv = process.env, clock: Clock = systemClock): ContactChannelsFromEnv {
  const problems: string[] = [];
  const required = (name: string): string => {
    const value = env[name]?.trim();
    if (!value) problems.push(`${name} is required`);
    return value ?? '';
  };
  const optional = (name: string): string | undefined => env[name]?.trim() || undefined;
  const milliseconds = (name: string, fallback: number): number => {
    const raw = optional(name);
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isSafeInteger(value) || value <= 0) problems.push(`${name} must be a positive whole number of ms, got ${raw}`);
    return value;
  };

  let email: SmtpEmailAdapter | undefined;
  const smtpUrl = optional('SMTP_URL');
  if (smtpUrl) {
    const from = required('SMTP_FROM');
    const timeoutMs = milliseconds('SMTP_TIMEOUT_MS', 30_000);
    try {
      const config = smtpConfigFromUrl(smtpUrl, { from, timeoutMs, clock });
      if (problems.length === 0) email = new SmtpEmailAdapter(config);
    } catch (error) {
      problems.push(`SMTP_URL: ${(error as Error).message}`);
    }
  }

  const channelTimeoutMs = milliseconds('CHANNEL_TIMEOUT_MS', 10_000);
  let sms: TwilioSmsAdapter | undefined;
  const accountSid = optional('SMS_ACCOUNT_SID');
  if (accountSid) {
    const authToken = required('SMS_AUTH_TOKEN');
    const from = required('SMS_FROM');
    const baseUrl = optional('SMS_BASE_URL');
    const statusCallbackUrl = optional('SMS_STATUS_CALLBACK_URL');
    sms = new TwilioSmsAdapter({ accountSid, authToken, from, timeoutMs: channelTimeoutMs, clock, ...(baseUrl ? { baseUrl } : {}), ...(statusCallbackUrl ? { statusCallbackUrl } : {}) });
  }

  let whatsapp: WhatsAppCloudAdapter | undefined;
  const phoneNumberId = optional('WHATSAPP_PHONE_NUMBER_ID');
  if (phoneNumberId) {
    const accessToken = required('WHATSAPP_TOKEN');
    required('WHATSAPP_APP_SECRET'); // webhooks cannot be trusted without it
    const apiVersion = optional('WHATSAPP_API_VERSION') ?? 'v21.0';
    const baseUrl = optional('WHATSAPP_BASE_URL');
    const templateName = optional('WHATSAPP_TEMPLATE_NAME');
    const languageCode = optional('WHATSAPP_TEMPLATE_LANGUAGE');
    whatsapp = new WhatsAppCloudAdapter({
      apiVersion,
      phoneNumberId,
      accessToken,
      timeoutMs: channelTimeoutMs,
      clock,
      ...(baseUrl ? { baseUrl } : {}),
      ...(templateName ? { template: { name: templateName, ...(languageCode ? { languageCode } : {}) } } : {}),
    });
  }

  const maxSms = optional('SMS_MAX_LENGTH');
  const maxSmsLength = maxSms === undefined ? undefined : Number(maxSms);
  if (maxSmsLength !== undefined && (!Number.isSafeInteger(maxSmsLength) || maxSmsLength <= 0)) problems.push(`SMS_MAX_LENGTH must be a positive whole number, got ${maxSms}`);

  if (problems.length > 0) {
    email?.close();
    throw new ChannelConfigError(`contact channels: ${problems.join('; ')}`);
  }
  const twilioAuthToken = accountSid ? optional('SMS_AUTH_TOKEN') : undefined;
  const whatsappAppSecret = optional('WHATSAPP_APP_SECRET');
  const whatsappVerifyToken = optional('WHATSAPP_VERIFY_TOKEN');
  return {
    ...(email ? { email } : {}),
    ...(sms ? { sms } : {}),
    ...(whatsapp ? { whatsapp } : {}),
    webhooks: {
      ...(twilioAuthToken ? { twilioAuthToken } : {}),
      ...(whatsappAppSecret ? { whatsappAppSecret } : {}),
      ...(whatsappVerifyToken ? { whatsappVerifyToken } : {}),
    },
    ...(maxSmsLength !== undefined ? { maxSmsLength } : {}),
  };
}
