export * from './charges/crc16';
export * from './charges/emv-tlv';
export * from './charges/pix-key';
export * from './charges/pix-payload';

export * from './charges/boleto-check-digits';
export * from './charges/due-date-factor';
export * from './charges/boleto';
export * from './charges/bank-layout';
