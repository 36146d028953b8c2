export * from './contacts.integration-events';
export * from './proto-path';
