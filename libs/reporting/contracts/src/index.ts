export * from './reporting.integration-events';
export * from './proto-path';
