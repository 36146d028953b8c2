import path from 'node:path';

/** The debtors gRPC contract (package collections.debtors.v1, service DebtorsService). */
export const DEBTORS_PROTO_PATH = path.join(__dirname, 'proto', 'debtors.proto');
export const DEBTORS_GRPC_PACKAGE = 'collections.debtors.v1';
