export * from './negotiation-rule-code';
export * from './calendar';

export * from './policy/negotiation-policy';
export * from './policy/policy.decider';
export * from './policy/aging-bucket';

export * from './offer/installment-schedule';
export * from './offer/compute-offer';
export * from './offer/offer.commands';
export * from './offer/offer.events';
export * from './offer/offer.decider';

export * from './agreement/agreement.commands';
export * from './agreement/agreement.events';
export * from './agreement/agreement.decider';
export * from './agreement/agreement.publication';
