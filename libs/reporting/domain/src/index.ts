export * from './reporting-rule-code';
export * from './reporting.commands';
export * from './reporting.events';
export * from './reporting.decider';
