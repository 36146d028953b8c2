import type { ExecutionContext } from '@nestjs/common';
import type { Metadata } from '@grpc/grpc-js';
import type { Principal } from '../principal';

/** What the guards rely on in an HTTP request (Express and Fastify alike). */
export interface HttpRequestLike {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  principal?: Principal;
}

/** An HTTP request that passed `JwtAuthGuard`. */
export type AuthenticatedRequest<R extends object = HttpRequestLike> = R & { readonly principal: Principal };

// gRPC metadata is a grpc-js object we do not own: rather than adding a property to it,
// the principal is kept beside it, for as long as the call's metadata lives.
const rpcPrincipals = new WeakMap<object, Principal>();

/** True for grpc-js `Metadata` (duck-typed: the app and this library may load different copies of grpc-js). */
export function isGrpcMetadata(value: unknown): value is Metadata {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { get?: unknown }).get === 'function' &&
    typeof (value as { getMap?: unknown }).getMap === 'function'
  );
}

export function attachPrincipal(context: ExecutionContext, principal: Principal): void {
  if (context.getType() === 'http') {
    context.switchToHttp().getRequest<HttpRequestLike>().principal = principal;
    return;
  }
  if (context.getType() === 'rpc') {
    const metadata: unknown = context.switchToRpc().getContext();
    if (typeof metadata === 'object' && metadata !== null) rpcPrincipals.set(metadata, principal);
  }
}

/** The principal `JwtAuthGuard` attached to this call, if any (for interceptors, filters, guards). */
export function principalFrom(context: ExecutionContext): Principal | undefined {
  if (context.getType() === 'http') return context.switchToHttp().getRequest<HttpRequestLike>().principal;
  if (context.getType() === 'rpc') {
    const metadata: unknown = context.switchToRpc().getContext();
    return typeof metadata === 'object' && metadata !== null ? rpcPrincipals.get(metadata) : undefined;
  }
  return undefined;
}

/** The principal of a gRPC call from its metadata, for code that only has the `Metadata`. */
export function principalOfMetadata(metadata: Metadata): Principal | undefined {
  return rpcPrincipals.get(metadata);
}
