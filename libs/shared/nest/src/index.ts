export * from './idempotency';
export * from './problem-details';
export * from './typeorm-projection';
export * from './zod-input';
export * from './untrusted-input.guard';
