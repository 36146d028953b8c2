export * from './message-template';
export * from './pt-br-format';
export * from './render-message';
export * from './sms-segments';
