import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { Money, ValidationError, parseIsoInstant, type IsoDate } from '@collections/shared-kernel';
import { parseInput } from '@collections/shared-nest';
import { brazilDate } from '../../shared/payments-deps';

/**
 * A card gateway's event: a capture pays a charge; a refund or a chargeback reverses the
 * payment it names. The gateway carries our charge id in its metadata (`chargeId`).
 */
export const cardWebhookBody = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - (1 to 64)'),
    type: z.enum(['payment.captured', 'payment.refunded', 'payment.chargeback']),
    data: z
      .object({
        paymentId: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/, 'letters, digits, _ and - (1 to 60)'),
        chargeId: z.uuid().optional(),
        /** Integer centavos. */
        amount: z.number().int().min(1).max(10_000_000_000_000),
        currency: z.literal('BRL'),
        occurredAt: z.string().max(40),
        reason: z.string().trim().min(1).max(500).optional(),
      })
      .strict(),
  })
  .strict();

export interface CardGatewayEvent {
  readonly eventId: string;
  readonly kind: 'captured' | 'refunded' | 'chargeback';
  /** Our payment id: `card-<the gateway's payment id>`. */
  readonly paymentId: string;
  readonly gatewayPaymentId: string;
  readonly chargeId: string | null;
  readonly amount: Money;
  /** The Brazilian business date of `occurredAt`. */
  readonly on: IsoDate;
  readonly reason: string | null;
}

export function parseCardWebhookRequest(input: unknown): CardGatewayEvent {
  const body = parseInput(cardWebhookBody, input);
  const occurredAt = parseIsoInstant(body.data.occurredAt, 'data.occurredAt');
  const kind = body.type === 'payment.captured' ? 'captured' : body.type === 'payment.refunded' ? 'refunded' : 'chargeback';
  if (kind === 'captured' && body.data.reason !== undefined) throw ValidationError.of('data.reason', 'a capture has no reason');
  return {
    eventId: body.id,
    kind,
    paymentId: `card-${body.data.paymentId}`,
    gatewayPaymentId: body.data.paymentId,
    chargeId: body.data.chargeId?.toLowerCase() ?? null,
    amount: Money.of(body.data.amount, 'BRL'),
    on: brazilDate(new Date(occurredAt)),
    reason: body.data.reason ?? null,
  };
}

/** Signatures older or newer than this are refused: a captured request cannot be replayed later. */
export const CARD_SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * `X-Card-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` with the
 * tenant's card webhook secret: compared in constant time, and the timestamp within five
 * minutes of the service's clock.
 */
export function verifyCardSignature(secret: string, rawBody: Buffer, header: string | undefined, nowMs: number): boolean {
  const parts = new Map((header ?? '').split(',').map((part) => part.trim().split('=', 2) as [string, string]));
  const t = parts.get('t');
  const v1 = parts.get('v1');
  if (!t || !v1 || !/^\d{1,12}$/.test(t) || !/^[0-9a-f]{64}$/i.test(v1)) return false;
  if (Math.abs(nowMs / 1000 - Number(t)) > CARD_SIGNATURE_TOLERANCE_SECONDS) return false;
  const expected = createHmac('sha256', secret).update(`${t}.`).update(rawBody).digest();
  return timingSafeEqual(Buffer.from(v1, 'hex'), expected);
}
