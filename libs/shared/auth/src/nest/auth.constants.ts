/** Injection token of the `TokenVerifier` the guards use (a `JwtVerifier` in services). */
export const AUTH_VERIFIER = Symbol('AUTH_VERIFIER');

// Metadata keys of @Public() and @Roles(); namespaced so they cannot clash with other libraries.
export const IS_PUBLIC_KEY = 'collections:auth:public';
export const ROLES_KEY = 'collections:auth:roles';

/** Realm in the HTTP `WWW-Authenticate` challenge. */
export const AUTH_REALM = 'collections';
