export * from './negotiation.integration-events';
