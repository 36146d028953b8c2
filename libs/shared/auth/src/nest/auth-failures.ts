import { ForbiddenException, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { AUTH_REALM } from './auth.constants';

/** Why authentication failed: no usable credentials at all, or a token that was refused. */
export type AuthFailure = { readonly kind: 'missing'; readonly message: string } | { readonly kind: 'invalid'; readonly message: string };

/**
 * The transport's "who are you?" error: HTTP 401 with a `WWW-Authenticate: Bearer`
 * challenge, gRPC UNAUTHENTICATED (16).
 *
 * RFC 6750 section 3.1: when the request carries no credentials the challenge has no
 * error code; a refused token gets `error="invalid_token"` and the reason.
 */
export function unauthenticated(context: ExecutionContext, failure: AuthFailure): Error {
  if (context.getType() === 'rpc') return new RpcException({ code: GrpcStatus.UNAUTHENTICATED, message: failure.message });
  const challenge =
    failure.kind === 'missing'
      ? `Bearer realm="${AUTH_REALM}"`
      : `Bearer realm="${AUTH_REALM}", error="invalid_token", error_description="${quotable(failure.message)}"`;
  if (context.getType() === 'http') setHeader(context.switchToHttp().getResponse<unknown>(), 'WWW-Authenticate', challenge);
  return new UnauthorizedException(failure.message);
}

/** The transport's "not allowed" error: HTTP 403, gRPC PERMISSION_DENIED (7). */
export function forbidden(context: ExecutionContext, message: string): Error {
  if (context.getType() === 'rpc') return new RpcException({ code: GrpcStatus.PERMISSION_DENIED, message });
  return new ForbiddenException(message);
}

// The header is set on the response itself (not only carried by the exception) so that
// it reaches the client whichever exception filter renders the 401: Nest's default one
// or shared-nest's ProblemDetailsFilter, which leaves headers already set in place.
function setHeader(response: unknown, name: string, value: string): void {
  const target = response as { setHeader?: (n: string, v: string) => unknown; header?: (n: string, v: string) => unknown } | null;
  if (typeof target?.setHeader === 'function') target.setHeader(name, value); // Express / node http
  else if (typeof target?.header === 'function') target.header(name, value); // Fastify reply
}

// RFC 6750 allows only %x20-21 / %x23-5B / %x5D-7E in error_description: no quotes,
// no backslashes, nothing outside printable ASCII.
function quotable(text: string): string {
  return text.replace(/"/g, "'").replace(/\\/g, '/').replace(/[^\x20-\x7E]/g, ' ');
}
