import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { normalisePhoneNumber } from '../phone-number';
import { parsePayload, type DeliveryReceipt, type InboundMessage } from '../webhooks/delivery-receipt';

export type FormParams = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * Twilio's string to sign: the full URL, then each parameter's name and value, sorted by
 * name; a repeated parameter contributes each distinct value once, sorted (as Twilio's
 * own helpers do).
 */
function signedText(url: string, params: FormParams): string {
  let text = url;
  for (const key of Object.keys(params).sort()) {
    const value = params[key];
    if (value === undefined) continue;
    for (const item of typeof value === 'string' ? [value] : [...new Set(value)].sort()) text += key + item;
  }
  return text;
}

/**
 * Twilio signs the URL as it called it. Behind a proxy the port may be added or dropped
 * (Twilio's own helpers try both), so the URL is checked as given and with the default
 * port toggled.
 */
function urlVariants(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [url];
  }
  const defaultPort = parsed.protocol === 'https:' ? '443' : '80';
  const hasPort = /^[a-z]+:\/\/[^/]*:\d+/i.test(url);
  if (hasPort) return [url, url.replace(/^([a-z]+:\/\/[^/]*?):\d+/i, '$1')];
  return [url, url.replace(/^([a-z]+:\/\/[^/]*)/i, `$1:${defaultPort}`)];
}

/**
 * `X-Twilio-Signature` = base64(HMAC-SHA1(authToken, fullUrl + sorted params as
 * key+value)). Compared in constant time; a missing or garbled header is simply false.
 */
export function verifyTwilioSignature(input: { authToken: string; url: string; params: FormParams; signature: string | undefined }): boolean {
  if (typeof input.signature !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(input.signature)) return false;
  const given = Buffer.from(input.signature, 'base64');
  return urlVariants(input.url).some((url) => {
    const expected = createHmac('sha1', input.authToken).update(signedText(url, input.params), 'utf8').digest();
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

// Twilio's common delivery error codes (https://www.twilio.com/docs/api/errors), so a
// supervisor reads why a message failed without looking the number up.
const TWILIO_ERRORS: Record<string, string> = {
  '30003': 'unreachable destination handset',
  '30004': 'message blocked',
  '30005': 'unknown destination handset',
  '30006': 'landline or unreachable carrier',
  '30007': 'message filtered by the carrier',
  '30008': 'unknown error',
};

const STATUS_CALLBACK = z.object({
  MessageSid: z.string().min(1, 'is required'),
  MessageStatus: z.enum(['accepted', 'scheduled', 'canceled', 'queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'read', 'receiving', 'received']),
  ErrorCode: z.string().optional(),
  ErrorMessage: z.string().optional(),
});

/**
 * A status callback as a DeliveryReceipt, or null for a step that is not an outcome
 * (accepted, queued, sending...). Twilio's callbacks carry no timestamp: `receivedAt`
 * is when our endpoint got it. `messageId` is ours, read from the callback URL's query.
 */
export function parseTwilioStatusCallback(params: FormParams, receivedAt: Date, messageId?: string): DeliveryReceipt | null {
  const callback = parsePayload(STATUS_CALLBACK, flatten(params));
  const status = ({ sent: 'sent', delivered: 'delivered', read: 'read', undelivered: 'failed', failed: 'failed' } as const)[callback.MessageStatus as string];
  if (status === undefined) return null;
  const code = callback.ErrorCode?.trim();
  const reason = code ? `twilio ${code}: ${TWILIO_ERRORS[code] ?? callback.ErrorMessage ?? 'see Twilio error codes'}` : status === 'failed' ? callback.MessageStatus : undefined;
  return {
    providerMessageId: callback.MessageSid,
    status,
    at: receivedAt.toISOString(),
    ...(reason ? { reason } : {}),
    ...(messageId ? { messageId } : {}),
  };
}

const INBOUND = z.object({ MessageSid: z.string().min(1, 'is required'), From: z.string().min(1, 'is required'), Body: z.string() });

/** An SMS the debtor sent to our number (Twilio's incoming-message webhook). */
export function parseTwilioInboundMessage(params: FormParams, receivedAt: Date): InboundMessage {
  const inbound = parsePayload(INBOUND, flatten(params));
  return { from: normalisePhoneNumber(inbound.From, 'From'), text: inbound.Body, providerMessageId: inbound.MessageSid, at: receivedAt.toISOString() };
}

function flatten(params: FormParams): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(params).map(([key, value]) => [key, typeof value === 'string' || value === undefined ? value : value[0]]));
}
