export * from './bootstrap-service';
export * from './grpc/grpc-problem.filter';
export * from './http/health.controller';
export * from './http/metrics.controller';
export * from './http/openapi';
export * from './http/request-context';
export * from './service-kit.module';
export * from './shutdown';
