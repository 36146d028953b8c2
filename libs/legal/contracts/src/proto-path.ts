import path from 'node:path';

/** The legal gRPC contract (package collections.legal.v1, service LegalService); the build copies the .proto beside the .js. */
export const LEGAL_PROTO_PATH = path.join(__dirname, 'proto', 'legal.proto');
export const LEGAL_GRPC_PACKAGE = 'collections.legal.v1';
