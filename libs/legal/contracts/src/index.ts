export * from './legal.integration-events';
export * from './proto-path';
