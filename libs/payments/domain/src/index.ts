export * from './charges/crc16';
export * from './charges/emv-tlv';
export * from './charges/pix-key';
export * from './charges/pix-payload';

export * from './charges/boleto-check-digits';
export * from './charges/due-date-factor';
export * from './charges/boleto';
export * from './charges/bank-layout';

export * from './payments-rule-code';
export * from './charge/charge.commands';
export * from './charge/charge.events';
export * from './charge/charge.decider';
export * from './payment/allocation';
export * from './payment/payment.commands';
export * from './payment/payment.events';
export * from './payment/payment.decider';
