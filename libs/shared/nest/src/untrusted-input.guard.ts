import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { DEFAULT_INPUT_LIMITS, assertSafeInput, type InputLimits } from '@collections/shared-kernel';

/**
 * The one input edge every route passes, REST and gRPC alike, before any controller,
 * request hash or database sees the input: nesting, NUL characters, lone surrogates,
 * numbers past 2^53 (see `findUnsafeInput`). A breach is a ValidationError naming the
 * field, which the transports answer as 400 / INVALID_ARGUMENT.
 *
 * Registered as a global guard, so it runs after authentication (an anonymous caller
 * cannot make us walk its body) and before the roles check has any cost worth saving.
 */
@Injectable()
export class UntrustedInputGuard implements CanActivate {
  constructor(private readonly limits: InputLimits = DEFAULT_INPUT_LIMITS) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() === 'http') {
      const request = context.switchToHttp().getRequest<{ body?: unknown; query?: unknown; params?: unknown }>();
      assertSafeInput(request.params ?? {}, this.limits, 'path');
      assertSafeInput(request.query ?? {}, this.limits, 'query');
      if (request.body !== undefined) assertSafeInput(request.body, this.limits, 'body');
    } else if (context.getType() === 'rpc') {
      assertSafeInput(context.switchToRpc().getData(), this.limits, 'request');
    }
    return true;
  }
}
