import { ValidationError } from './validation-error';

declare const tenantIdBrand: unique symbol;
/** The creditor (or agency client) that owns a stream, event, row or request. */
export type TenantId = string & { readonly [tenantIdBrand]: true };

// Lower-case slug: safe in stream ids, topic keys, log lines and URLs.
const TENANT_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export const TenantId = {
  parse(value: unknown, field = 'tenantId'): TenantId {
    if (typeof value !== 'string' || !TENANT_PATTERN.test(value)) {
      throw ValidationError.of(field, 'must be 1-63 lower-case letters, digits or hyphens, not starting or ending with a hyphen');
    }
    return value as TenantId;
  },
  isValid(value: unknown): value is TenantId {
    return typeof value === 'string' && TENANT_PATTERN.test(value);
  },
};
