export * from './negotiation.integration-events';
export * from './proto-path';
