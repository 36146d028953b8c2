import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { TenantId } from '@collections/shared-kernel';
import { ROLES, isRole, type Principal, type Role } from '../principal';
import { IS_PUBLIC_KEY, ROLES_KEY } from './auth.constants';
import { principalFrom } from './principal-context';

/**
 * Opens a route or controller to callers without a token. Only for health, readiness
 * and API docs: everything else needs a token, since the tenant comes from it.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);

/**
 * The caller needs at least one of these roles. On a handler it replaces the roles of
 * its controller (the more specific one wins), it does not add to them.
 */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => {
  // Fail at class-load time: an empty or misspelt list would lock everyone out (or, with
  // a lenient guard, nobody), and that should not wait for the first request.
  if (roles.length === 0) throw new Error('@Roles() needs at least one role');
  for (const role of roles as unknown[]) {
    if (!isRole(role)) throw new Error(`@Roles(): unknown role ${JSON.stringify(role)}; known roles: ${ROLES.join(', ')}`);
  }
  return SetMetadata(ROLES_KEY, Object.freeze([...roles]));
};

function requirePrincipal(context: ExecutionContext): Principal {
  const principal = principalFrom(context);
  // Only reachable on a @Public() route (or without AuthModule): a programming error,
  // answered as a 500 rather than running the handler without a caller.
  if (!principal) throw new Error('no authenticated principal: @CurrentPrincipal()/@CurrentTenant() used on a @Public() route or without AuthModule');
  return principal;
}

/** The authenticated caller, in HTTP and gRPC handlers alike. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => requirePrincipal(context));

/** The caller's tenant (from the token): the only tenant a handler may read or write. */
export const CurrentTenant = createParamDecorator((_data: unknown, context: ExecutionContext): TenantId => requirePrincipal(context).tenantId);
