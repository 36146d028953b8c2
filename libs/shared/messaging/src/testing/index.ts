// Test support for messaging (test kit, child processes): for tests and benchmarks only.
export * from './child-process';
export * from './messaging-test-kit';
