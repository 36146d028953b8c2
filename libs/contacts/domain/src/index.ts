export * from './contacts-rule-code';
export * from './channel';
export * from './cadence/cadence.events';
export * from './cadence/cadence.commands';
export * from './cadence/cadence.decider';
export * from './debt-contact/debt-contact.events';
export * from './debt-contact/debt-contact.commands';
export * from './debt-contact/debt-contact.decider';
