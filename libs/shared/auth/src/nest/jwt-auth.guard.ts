import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthenticationError, type TokenVerifier } from '../jwt';
import { AUTH_VERIFIER } from './auth.constants';
import { unauthenticated, type AuthFailure } from './auth-failures';
import { attachPrincipal, isGrpcMetadata, type HttpRequestLike } from './principal-context';
import { isPublicRoute } from './route-access';

const MISSING: AuthFailure = { kind: 'missing', message: 'missing bearer token (send Authorization: Bearer <jwt>)' };

/**
 * Global guard (registered by `AuthModule`): every HTTP route and gRPC method needs a
 * valid bearer token unless marked `@Public()`. The verified principal is attached to the
 * call for `@CurrentPrincipal()`.
 *
 * It fails closed: an unknown transport, or an RPC transport other than gRPC (no
 * metadata to carry a token), is refused rather than let through.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    @Inject(AUTH_VERIFIER) private readonly verifier: TokenVerifier,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (isPublicRoute(this.reflector, context)) return true;

    const token = bearerToken(context);
    if (typeof token !== 'string') throw unauthenticated(context, token);
    try {
      attachPrincipal(context, await this.verifier.verify(token));
    } catch (error: unknown) {
      // Anything else (an unusable key configuration) is our fault: a 500, not a 401.
      if (error instanceof AuthenticationError) throw unauthenticated(context, { kind: 'invalid', message: error.message });
      throw error;
    }
    return true;
  }
}

/** The token from `Authorization: Bearer <jwt>` (HTTP header or gRPC metadata), or why there is none. */
function bearerToken(context: ExecutionContext): string | AuthFailure {
  switch (context.getType()) {
    case 'http': {
      const header = context.switchToHttp().getRequest<HttpRequestLike>().headers['authorization'];
      return parseAuthorization(Array.isArray(header) ? header[0] : header);
    }
    case 'rpc': {
      const metadata: unknown = context.switchToRpc().getContext();
      if (!isGrpcMetadata(metadata)) return { kind: 'invalid', message: 'this RPC transport carries no bearer token; only gRPC is supported' };
      const value = metadata.get('authorization')[0];
      return parseAuthorization(typeof value === 'string' ? value : value?.toString('utf8'));
    }
    default:
      return { kind: 'invalid', message: `transport ${context.getType()} is not supported by JwtAuthGuard` };
  }
}

function parseAuthorization(value: string | undefined): string | AuthFailure {
  // Another scheme (Basic...) counts as no credentials: RFC 6750 answers it like a missing token.
  const match = /^Bearer(?:[ \t]+(.*))?$/i.exec(value?.trim() ?? '');
  const token = match?.[1]?.trim();
  if (token === undefined || token === '') return MISSING;
  if (/\s/.test(token)) return { kind: 'invalid', message: 'malformed Authorization header: expected Bearer <jwt>' };
  return token;
}
