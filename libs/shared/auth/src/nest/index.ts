export * from './auth.constants';
export * from './auth-failures';
export * from './auth.module';
export * from './decorators';
export * from './jwt-auth.guard';
export * from './principal-context';
export * from './roles.guard';
export * from './route-access';
