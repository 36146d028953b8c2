export * from './contact-rule';
export * from './contact-profile';
export * from './contact-hours';
export * from './frequency-caps';
export * from './evaluate-contact';
export * from './opt-out-detection';
export { startOfLocalDay } from './local-time';
