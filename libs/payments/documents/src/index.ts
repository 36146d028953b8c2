export * from './pix-qr';
export * from './boleto-pdf';
