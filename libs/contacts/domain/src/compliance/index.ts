export * from './contact-rule';
export * from './contact-profile';
export * from './contact-hours';
