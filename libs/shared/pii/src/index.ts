export * from './errors';
export * from './in-memory-key-store';
export * from './key-store';
export * from './master-key';
export * from './pii-cipher';
