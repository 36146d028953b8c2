import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { hasAnyRole } from '../principal';
import { forbidden, unauthenticated } from './auth-failures';
import { principalFrom } from './principal-context';
import { isPublicRoute, requiredRoles } from './route-access';

/**
 * Global guard after `JwtAuthGuard`: enforces `@Roles(...)` (the handler's replace the
 * controller's). Routes without `@Roles` only need a valid token; `@Public()` routes
 * (see `isPublicRoute`) need nothing.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (isPublicRoute(this.reflector, context)) return true;
    const required = requiredRoles(this.reflector, context);
    if (!required || required.length === 0) return true;
    const principal = principalFrom(context);
    // Only reachable if this guard runs without JwtAuthGuard before it: refuse rather
    // than skip the check.
    if (!principal) throw unauthenticated(context, { kind: 'missing', message: 'missing bearer token (send Authorization: Bearer <jwt>)' });
    if (!hasAnyRole(principal, required)) throw forbidden(context, `requires one of roles: ${required.join(', ')}`);
    return true;
  }
}
