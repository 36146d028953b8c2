// Its own module, imported first by main.ts: tracing must start before `http`, gRPC and
// `pg` are loaded (see startTelemetry).
import { startTelemetry } from '@collections/shared-observability-telemetry';

export const telemetry = startTelemetry('reporting');
