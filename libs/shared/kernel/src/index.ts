export * from './assert-never';
export * from './clock';
export * from './decider';
export * from './ids';
export * from './money';
export * from './tax-id';
export * from './tenant-id';
export * from './validation-error';
