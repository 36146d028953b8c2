import path from 'node:path';

/** The negotiation gRPC contract (package collections.negotiation.v1, service NegotiationService); the build copies the .proto beside the .js. */
export const NEGOTIATION_PROTO_PATH = path.join(__dirname, 'proto', 'negotiation.proto');
export const NEGOTIATION_GRPC_PACKAGE = 'collections.negotiation.v1';
