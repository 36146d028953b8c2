import type { Metadata } from '@grpc/grpc-js';
import { principalOfMetadata, type Principal } from '@collections/shared-auth';

/** A decoded gRPC request message (proto-loader: camelCase fields). */
export type GrpcMessage = Readonly<Record<string, unknown>>;

/** A string field, or undefined when not sent (proto3 sends ""). */
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** A string field that is a path id in REST: "" when not sent, which no resource has. */
export const id = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The caller of a gRPC method, set by the global JwtAuthGuard (which has refused calls without a valid token). */
export function grpcPrincipal(metadata: Metadata): Principal {
  const principal = principalOfMetadata(metadata);
  if (!principal) throw new Error('no authenticated principal on this call');
  return principal;
}
