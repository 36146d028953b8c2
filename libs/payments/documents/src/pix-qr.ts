import { parsePixPayload } from '@collections/payments-domain';
import { toBuffer, toString } from 'qrcode';

export interface PixQrOptions {
  /** Side of the PNG in pixels (default 360: readable from a phone screen or on paper). */
  readonly width?: number;
  /** Quiet zone in modules around the code (default 4, what the QR standard asks for). */
  readonly margin?: number;
}

/**
 * Error correction M (about 15% of the code recoverable), a usual choice for a BR Code:
 * higher levels make the code denser for a payload of ~150 characters without helping a
 * screen or a printed page.
 */
const ERROR_CORRECTION = 'M' as const;

/** The QR code of a BR Code as a PNG. The payload is parsed first: an invalid BR Code is never drawn. */
export async function pixQrPng(payload: string, options: PixQrOptions = {}): Promise<Buffer> {
  parsePixPayload(payload);
  return toBuffer(payload, { type: 'png', errorCorrectionLevel: ERROR_CORRECTION, width: options.width ?? 360, margin: options.margin ?? 4 });
}

/** The QR code of a BR Code as SVG text (for e-mail and web pages). */
export async function pixQrSvg(payload: string, options: Pick<PixQrOptions, 'margin'> = {}): Promise<string> {
  parsePixPayload(payload);
  return toString(payload, { type: 'svg', errorCorrectionLevel: ERROR_CORRECTION, margin: options.margin ?? 4 });
}
