export * from './payments.integration-events';
export * from './proto-path';
