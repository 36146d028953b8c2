import { pixStaticPayload } from '@collections/payments-domain';
import { Money } from '@collections/shared-kernel';
import { create } from 'qrcode';
import { pixQrPng, pixQrSvg } from './pix-qr';

const payload = pixStaticPayload({
  key: 'cobranca@credora.com.br',
  merchantName: 'Credora Cobrancas SA',
  merchantCity: 'Sao Paulo',
  amount: Money.of(25990),
  txid: 'ACORDO42P1',
});

/** Width and height from a PNG's IHDR chunk (bytes 16-23), read without a decoder. */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('pixQrPng', () => {
  it('draws a square PNG of the requested width', async () => {
    const png = await pixQrPng(payload, { width: 400 });
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect(pngSize(png)).toEqual({ width: 400, height: 400 });
  });

  it('refuses to draw a payload that is not a valid BR Code', async () => {
    await expect(pixQrPng(payload.slice(0, -1) + (payload.endsWith('0') ? '1' : '0'))).rejects.toThrow('payload: CRC');
  });
});

describe('pixQrSvg', () => {
  it('draws the QR matrix of the payload (error correction M) with a 4-module quiet zone', async () => {
    const svg = await pixQrSvg(payload);
    const modules = create(payload, { errorCorrectionLevel: 'M' }).modules.size;
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain(`viewBox="0 0 ${modules + 8} ${modules + 8}"`);
  });
});
