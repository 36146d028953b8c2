export * from './integration-event-contracts';
