import path from 'node:path';

/** The payments gRPC contract (package collections.payments.v1, service PaymentsService); the build copies the .proto beside the .js. */
export const PAYMENTS_PROTO_PATH = path.join(__dirname, 'proto', 'payments.proto');
export const PAYMENTS_GRPC_PACKAGE = 'collections.payments.v1';
