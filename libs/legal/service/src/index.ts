export * from './legal.service';
export * from './legal.use-cases';
export * from './ports/debt-directory';
export * from './ports/bureaus';
export * from './ports/fake-bureaus';
export * from './consumers/contacts-events';
export * from './escalations/escalation-scheduler';
export * from './policy/set-escalation-policy/set-escalation-policy.request';
