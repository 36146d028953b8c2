export * from './legal-rule-code';
export * from './calendar/business-days';
export * from './policy/escalation-policy';
export * from './escalation/escalation.commands';
export * from './escalation/escalation.events';
export * from './escalation/escalation.decider';
