export * from './idempotency';
export * from './problem-details';
export * from './projection-runner';
export * from './zod-input';
export * from './untrusted-input.guard';
