export * from './negotiation-rule-code';
export * from './calendar';

export * from './policy/negotiation-policy';
