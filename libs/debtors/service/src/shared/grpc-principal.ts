import type { Metadata } from '@grpc/grpc-js';
import { principalOfMetadata, type Principal } from '@collections/shared-auth';

/** The caller of a gRPC method, set by the global JwtAuthGuard (which has refused calls without a valid token). */
export function grpcPrincipal(metadata: Metadata): Principal {
  const principal = principalOfMetadata(metadata);
  if (!principal) throw new Error('no authenticated principal on this call');
  return principal;
}
