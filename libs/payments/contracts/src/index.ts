export * from './payments.integration-events';
