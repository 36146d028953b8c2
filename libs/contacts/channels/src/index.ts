export * from './channel-adapter.port';
export * from './phone-number';
export * from './provider-http';
export * from './webhooks/delivery-receipt';
export * from './sms/twilio-sms.adapter';
export * from './sms/twilio-webhook';
export * from './whatsapp/whatsapp-cloud.adapter';
export * from './whatsapp/meta-webhook';
