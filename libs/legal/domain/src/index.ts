export * from './legal-rule-code';
export * from './legal.commands';
export * from './legal.events';
export * from './legal.decider';
