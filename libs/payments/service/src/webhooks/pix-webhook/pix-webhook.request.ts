import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { Money, ValidationError, parseIsoInstant, validateAll, type IsoDate } from '@collections/shared-kernel';
import { parseInput } from '@collections/shared-nest';
import { brazilDate } from '../../shared/payments-deps';

/**
 * The BACEN PIX API's notification (the PSP posts it to the receiver's webhook): each
 * credit with its endToEndId (unique in the Brazilian payment system), the charge's txid,
 * the amount as a decimal string and the instant. Fields the PSP adds are ignored.
 */
export const pixWebhookBody = z.object({
  pix: z
    .array(
      z.object({
        endToEndId: z.string().regex(/^[A-Za-z0-9]{32}$/, 'must be the 32 letters and digits of a PIX endToEndId'),
        txid: z.string().regex(/^[A-Za-z0-9]{1,35}$/).optional(),
        valor: z.string().regex(/^\d{1,11}\.\d{2}$/, 'must be a decimal amount with two decimals, e.g. "123.45"'),
        horario: z.string().max(40),
      }),
    )
    .min(1)
    .max(100),
});

export interface PixCreditNotice {
  readonly endToEndId: string;
  readonly txid: string | null;
  readonly amount: Money;
  /** The Brazilian business date of `horario`. */
  readonly paidOn: IsoDate;
}

export function parsePixWebhookRequest(input: unknown): readonly PixCreditNotice[] {
  const body = parseInput(pixWebhookBody, input);
  return body.pix.map((item, i) => {
    const checked = validateAll({
      amount: () => {
        const amount = Money.fromDecimal(item.valor, 'BRL', `pix.${i}.valor`);
        if (amount.amount <= 0) throw ValidationError.of(`pix.${i}.valor`, 'must be greater than zero');
        return amount;
      },
      horario: () => parseIsoInstant(item.horario, `pix.${i}.horario`),
    });
    return { endToEndId: item.endToEndId, txid: item.txid ?? null, amount: checked.amount, paidOn: brazilDate(new Date(checked.horario)) };
  });
}

/**
 * HMAC-SHA256 of the raw body with the tenant's webhook secret, hex, in
 * `X-Webhook-Signature` (with or without a `sha256=` prefix), compared in constant time.
 */
export function verifyPixSignature(secret: string, rawBody: Buffer, signature: string | undefined): boolean {
  if (!signature) return false;
  const given = Buffer.from(signature.replace(/^sha256=/, ''), 'hex');
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}
