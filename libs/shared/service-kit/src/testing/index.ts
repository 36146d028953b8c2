export * from './start-service-for-test';
