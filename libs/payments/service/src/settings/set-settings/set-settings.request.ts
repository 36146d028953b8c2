import { z } from 'zod';
import { ValidationError, TaxId, validateAll } from '@collections/shared-kernel';
import { parseInput } from '@collections/shared-nest';
import { bancoDoBrasilConvenio7, parsePixKey, pixDynamicPayload } from '@collections/payments-domain';

export const setSettingsBody = z
  .object({
    pix: z
      .object({
        key: z.string().max(100),
        merchantName: z.string().min(1).max(25),
        merchantCity: z.string().min(1).max(15),
        /** Where the tenant's PSP serves its charges' payloads, without scheme: `pix.psp.example/qr/v2`. */
        locationBaseUrl: z.string().min(4).max(40),
      })
      .strict(),
    boleto: z
      .object({
        bankCode: z.literal('001'),
        convenio: z.string().max(7),
        carteira: z.string().max(2),
        beneficiaryName: z.string().trim().min(2).max(100),
        beneficiaryTaxId: z.string().max(20),
      })
      .strict()
      .nullable()
      .optional(),
    /** The secret the PSP signs its webhooks with (HMAC-SHA256 of the raw body). */
    webhookSecret: z.string().min(32).max(128).regex(/^[\x21-\x7e]+$/, 'printable ASCII, no spaces'),
    /** The secret the card gateway signs its webhooks with; without it that webhook answers 401. */
    cardWebhookSecret: z.string().min(32).max(128).regex(/^[\x21-\x7e]+$/, 'printable ASCII, no spaces').optional(),
  })
  .strict();

export interface PixSettings {
  readonly key: string;
  readonly merchantName: string;
  readonly merchantCity: string;
  readonly locationBaseUrl: string;
}

export interface BoletoSettings {
  readonly bankCode: '001';
  readonly convenio: string;
  readonly carteira: string;
  readonly beneficiaryName: string;
  readonly beneficiaryTaxId: string;
}

export interface SetSettingsRequest {
  readonly pix: PixSettings;
  readonly boleto: BoletoSettings | null;
  readonly webhookSecret: string;
  readonly cardWebhookSecret: string | null;
}

/** The tenant's PIX receiver and bank agreement, each checked by the domain that uses it. */
export function parseSetSettingsRequest(input: unknown): SetSettingsRequest {
  const body = parseInput(setSettingsBody, input);
  const checked = validateAll({
    key: () => parsePixKey(body.pix.key, 'pix.key').value,
    // the location and names must make a valid BR Code: build one now rather than fail at the first charge
    payload: () => pixDynamicPayload({ url: `${body.pix.locationBaseUrl}/${'0'.repeat(32)}`, merchantName: body.pix.merchantName, merchantCity: body.pix.merchantCity }),
    wallet: () => (body.boleto ? bancoDoBrasilConvenio7.parseWallet({ convenio: body.boleto.convenio, carteira: body.boleto.carteira }, 'boleto') : null),
    beneficiaryTaxId: () => (body.boleto ? TaxId.parse(body.boleto.beneficiaryTaxId, 'boleto.beneficiaryTaxId').value : null),
  });
  if (body.pix.locationBaseUrl.includes('://')) throw ValidationError.of('pix.locationBaseUrl', 'without the scheme (the BR Code carries host and path only)');
  return {
    pix: { key: checked.key, merchantName: body.pix.merchantName, merchantCity: body.pix.merchantCity, locationBaseUrl: body.pix.locationBaseUrl.replace(/\/$/, '') },
    boleto: body.boleto && checked.beneficiaryTaxId ? { bankCode: '001', convenio: body.boleto.convenio, carteira: body.boleto.carteira, beneficiaryName: body.boleto.beneficiaryName, beneficiaryTaxId: checked.beneficiaryTaxId } : null,
    webhookSecret: body.webhookSecret,
    cardWebhookSecret: body.cardWebhookSecret ?? null,
  };
}
