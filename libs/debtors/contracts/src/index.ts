export * from './debtors.integration-events';
export * from './proto-path';
