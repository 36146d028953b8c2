export * from './debtors-rule-code';

export * from './debtor/brazilian-state';
export * from './debtor/contact-point';
export * from './debtor/debtor.commands';
export * from './debtor/debtor.events';
export * from './debtor/debtor.decider';

export * from './debt/aging';
export * from './debt/debt.commands';
export * from './debt/debt.events';
export * from './debt/debt.balance';
export * from './debt/debt.decider';
export * from './ids';
export * from './debt/debt.rules';
