import path from 'node:path';

/** The contacts gRPC contract (package collections.contacts.v1, service ContactsService); the build copies the .proto beside the .js. */
export const CONTACTS_PROTO_PATH = path.join(__dirname, 'proto', 'contacts.proto');
export const CONTACTS_GRPC_PACKAGE = 'collections.contacts.v1';
