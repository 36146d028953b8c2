import type { TenantId } from '@collections/shared-kernel';

/**
 * What a caller may do. The first five are a tenant's roles (a creditor's or agency's
 * people and systems, within their own tenant); `platform-operator` is ours: the people
 * who run the platform, for operations that touch every tenant at once (a read model is
 * rebuilt for all of them). A tenant's `admin` is never a platform operator.
 * The token carries them in its `roles` claim; an unknown name
 * makes the whole token invalid rather than being dropped, so a typo in the identity
 * provider shows up at once instead of silently granting less (or more) than meant.
 */
export const ROLES = ['integrator', 'agent', 'supervisor', 'auditor', 'admin', 'platform-operator'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * The authenticated caller of one request. `tenantId` comes from the token and only
 * from it: handlers scope every read and write by it and never take a tenant from the
 * path, query or body, so no request can reach another tenant's data.
 */
export interface Principal {
  /** `sub` claim: the user or integration (client id) that called. */
  readonly subject: string;
  /** `tenant_id` claim. */
  readonly tenantId: TenantId;
  /** `roles` claim: non-empty, known roles only, without duplicates. */
  readonly roles: readonly Role[];
  /** `jti` claim, when the issuer sets one (audit trails, revocation lists). */
  readonly tokenId?: string;
}

export function hasAnyRole(principal: Principal, roles: readonly Role[]): boolean {
  return roles.some((role) => principal.roles.includes(role));
}
