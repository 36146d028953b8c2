export * from './contacts-rule-code';
export * from './contacts.commands';
export * from './contacts.events';
export * from './contacts.decider';
export * from './templates';
