import { createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationError } from '@collections/shared-kernel';
import { z } from 'zod';
import { normalisePhoneNumber } from '../phone-number';
import { parsePayload, type DeliveryReceipt, type InboundMessage } from '../webhooks/delivery-receipt';

/**
 * `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(appSecret, rawBody)>`, over the body's
 * exact bytes (a re-serialised JSON would not match). Constant-time; a missing or
 * garbled header is simply false.
 */
export function verifyMetaSignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  const match = typeof header === 'string' ? /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim()) : null;
  if (!match) return false;
  const given = Buffer.from(match[1]!, 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return timingSafeEqual(expected, given);
}

const unixSeconds = z.string().regex(/^\d{1,12}$/, 'must be a Unix time in seconds');

const STATUS = z.object({
  id: z.string().min(1, 'is required'),
  status: z.string().min(1, 'is required'),
  timestamp: unixSeconds,
  recipient_id: z.string().optional(),
  biz_opaque_callback_data: z.string().optional(),
  errors: z.array(z.object({ code: z.union([z.number(), z.string()]), title: z.string().optional(), message: z.string().optional(), error_data: z.object({ details: z.string().optional() }).optional() })).optional(),
});

const MESSAGE = z.object({
  from: z.string().min(1, 'is required'),
  id: z.string().min(1, 'is required'),
  timestamp: unixSeconds,
  type: z.string().min(1, 'is required'),
  text: z.object({ body: z.string() }).optional(),
  button: z.object({ text: z.string() }).optional(),
  interactive: z.object({ button_reply: z.object({ title: z.string() }).optional(), list_reply: z.object({ title: z.string() }).optional() }).optional(),
});

const WEBHOOK = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(
    z.object({
      changes: z.array(
        z.object({
          field: z.string(),
          value: z.object({ statuses: z.array(STATUS).optional(), messages: z.array(MESSAGE).optional() }).loose(),
        }),
      ),
    }),
  ),
});

/**
 * A WhatsApp id is the number without the "+". Brazilian mobiles registered before the
 * ninth digit was added (2012-2016) keep an id without it (55 DD 8xxx-xxxx), which is no
 * longer a valid number: the 9 is put back so the sender matches the debtor's contact point.
 */
export function waIdToE164(waId: string, field = 'from'): string {
  const digits = waId.replace(/^\+/, '');
  const legacy = /^55(\d{2})([6-9]\d{7})$/.exec(digits);
  return normalisePhoneNumber(legacy ? `+55${legacy[1]}9${legacy[2]}` : `+${digits}`, field);
}

export interface WhatsAppWebhookContent {
  readonly receipts: readonly DeliveryReceipt[];
  readonly inbound: readonly InboundMessage[];
  /** Statuses and messages of kinds we do not act on (media, reactions, unknown statuses). */
  readonly ignored: number;
}

const RECEIPT_STATUS = { sent: 'sent', delivered: 'delivered', read: 'read', failed: 'failed' } as const;

const instant = (seconds: string): string => new Date(Number(seconds) * 1000).toISOString();

/**
 * One webhook call of the WhatsApp Cloud API as receipts and inbound messages. Meta
 * batches: a call may carry several entries, changes, statuses and messages.
 */
export function parseWhatsAppWebhook(body: unknown): WhatsAppWebhookContent {
  const webhook = parsePayload(WEBHOOK, body);
  const receipts: DeliveryReceipt[] = [];
  const inbound: InboundMessage[] = [];
  let ignored = 0;
  webhook.entry.forEach((entry, e) =>
    entry.changes.forEach((change, c) => {
      if (change.field !== 'messages') {
        ignored += 1;
        return;
      }
      for (const status of change.value.statuses ?? []) {
        const mapped = RECEIPT_STATUS[status.status as keyof typeof RECEIPT_STATUS] as DeliveryReceipt['status'] | undefined;
        if (!mapped) {
          ignored += 1;
          continue;
        }
        const error = status.errors?.[0];
        const reason = error ? `whatsapp ${error.code}: ${error.error_data?.details ?? error.message ?? error.title ?? 'see Meta error codes'}` : undefined;
        receipts.push({
          providerMessageId: status.id,
          status: mapped,
          at: instant(status.timestamp),
          ...(reason ? { reason } : {}),
          ...(status.biz_opaque_callback_data ? { messageId: status.biz_opaque_callback_data } : {}),
        });
      }
      (change.value.messages ?? []).forEach((message, m) => {
        const text = message.text?.body ?? message.button?.text ?? message.interactive?.button_reply?.title ?? message.interactive?.list_reply?.title;
        if (text === undefined) {
          ignored += 1;
          return;
        }
        const field = `entry[${e}].changes[${c}].value.messages[${m}].from`;
        const from = waIdToE164(message.from, field);
        inbound.push({ from, text, providerMessageId: message.id, at: instant(message.timestamp) });
      });
    }),
  );
  return { receipts, inbound, ignored };
}

/** Meta's subscription handshake (GET hub.mode=subscribe): the challenge to echo, or a refusal. */
export function answerMetaVerification(query: Readonly<Record<string, string | undefined>>, verifyToken: string): string {
  if (query['hub.mode'] !== 'subscribe') throw ValidationError.of('hub.mode', 'must be subscribe');
  const token = Buffer.from(query['hub.verify_token'] ?? '');
  const expected = Buffer.from(verifyToken);
  if (token.length !== expected.length || !timingSafeEqual(token, expected)) throw ValidationError.of('hub.verify_token', 'does not match');
  const challenge = query['hub.challenge'];
  if (!challenge) throw ValidationError.of('hub.challenge', 'is required');
  return challenge;
}
