export * from './decider-specification';
export * from './eventually';
export * from './postgres-test-database';
export * from './processes';
export * from './http';
export * from './hostile-input';
