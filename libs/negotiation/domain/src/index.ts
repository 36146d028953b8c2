export * from './negotiation-rule-code';
export * from './calendar';

export * from './policy/negotiation-policy';

export * from './offer/installment-schedule';
export * from './offer/compute-offer';
