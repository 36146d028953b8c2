import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { Role } from '../principal';
import { IS_PUBLIC_KEY, ROLES_KEY } from './auth.constants';

/**
 * Whether a route is open without a token. The more specific declaration wins, and
 * contradictions fail closed:
 *  - `@Roles` on the handler always needs a caller, even in a `@Public()` controller;
 *  - `@Public()` on the handler opens it, even in a `@Roles` controller (health, docs);
 *  - otherwise the controller decides, and a controller with both is not public.
 */
export function isPublicRoute(reflector: Reflector, context: ExecutionContext): boolean {
  const handler = context.getHandler();
  const controller = context.getClass();
  if (reflector.get<readonly Role[] | undefined>(ROLES_KEY, handler) !== undefined) return false;
  if (reflector.get<boolean | undefined>(IS_PUBLIC_KEY, handler) === true) return true;
  return reflector.get<boolean | undefined>(IS_PUBLIC_KEY, controller) === true && reflector.get<readonly Role[] | undefined>(ROLES_KEY, controller) === undefined;
}

/** The roles a route requires (handler's replace controller's), or undefined for "any valid token". */
export function requiredRoles(reflector: Reflector, context: ExecutionContext): readonly Role[] | undefined {
  return reflector.getAllAndOverride<readonly Role[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
}
