import path from 'node:path';

/** The reporting gRPC contract (package collections.reporting.v1, service ReportingService); the build copies the .proto beside the .js. */
export const REPORTING_PROTO_PATH = path.join(__dirname, 'proto', 'reporting.proto');
export const REPORTING_GRPC_PACKAGE = 'collections.reporting.v1';
