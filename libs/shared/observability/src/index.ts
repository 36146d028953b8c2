// telemetry.ts is not exported here: it must load before `http` (see that file), and
// prom-client loads `http`. Import it as @collections/shared-observability-telemetry.
export * from './logger';
export * from './metrics';
