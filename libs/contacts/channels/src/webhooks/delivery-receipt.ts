import { ValidationError } from '@collections/shared-kernel';
import type { z } from 'zod';

/** A provider's word on what became of a message, in one shape for every provider. */
export interface DeliveryReceipt {
  readonly providerMessageId: string;
  readonly status: 'sent' | 'delivered' | 'read' | 'failed' | 'bounced';
  /** UTC ISO instant: the provider's timestamp when it gives one, else when we received it. */
  readonly at: string;
  readonly reason?: string;
  /** Our messageId, when the provider echoes it (WhatsApp biz_opaque_callback_data, our SMS callback URL). */
  readonly messageId?: string;
}

/** A message the debtor sent us (an answer, an opt-out in their own words). */
export interface InboundMessage {
  /** E.164. */
  readonly from: string;
  readonly text: string;
  readonly providerMessageId: string;
  readonly at: string;
}

/** Parses a webhook payload; every issue becomes a field violation in one ValidationError. */
export function parsePayload<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => ({
      field: issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('').replace(/^\./, '') || '(body)',
      message: issue.message,
    })),
  );
}

/** Form-encoded webhook bodies (Twilio): repeated keys keep every value, in order. */
export function parseFormBody(raw: Buffer | string): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(raw.toString('utf8'))) {
    const previous = params[key];
    params[key] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return params;
}
