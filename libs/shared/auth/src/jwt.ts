/**
 * Bearer JWT verification (every service) and, for embedded/demo mode only, a local
 * signing key and token issuer. Built on `jose` (maintained, audited, no native deps).
 *
 * Algorithms: only asymmetric signatures are accepted, EdDSA (Ed25519), ES256 (P-256)
 * and RS256 (RSA >= 2048 bits). The allowed algorithm is derived from the configured
 * key itself and passed to jose as an allow-list, so:
 *  - `alg: none` is never accepted (jose refuses unsecured JWTs, and it is not listed);
 *  - HS256/384/512 are never accepted: a symmetric "secret" would be the public key
 *    (the classic key-confusion attack), so symmetric (`oct`) keys are refused in
 *    configuration and HS* never appears in the allow-list;
 *  - a token cannot switch an RSA key to another RSA algorithm, or an EC key to EdDSA.
 */
import { createPublicKey, randomUUID } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  SignJWT,
  calculateJwkThumbprint,
  createLocalJWKSet,
  decodeProtectedHeader,
  errors,
  exportJWK,
  generateKeyPair,
  importJWK,
  importSPKI,
  jwtVerify,
  type CryptoKey,
  type JWK,
  type JWTPayload,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
} from 'jose';
import { systemClock, TenantId, ValidationError, type Clock } from '@collections/shared-kernel';
import { isRole, type Principal, type Role } from './principal';

export const DEFAULT_AUTH_ISSUER = 'collections-platform';
export const DEFAULT_AUTH_AUDIENCE = 'collections-api';
/** Leeway for `exp`/`nbf` between the issuer's clock and ours. */
export const CLOCK_TOLERANCE_SECONDS = 30;
/** The only signature algorithms ever accepted (see the header comment). */
export const ALLOWED_ALGORITHMS = ['EdDSA', 'ES256', 'RS256'] as const;
export type AllowedAlgorithm = (typeof ALLOWED_ALGORITHMS)[number];

// Real tokens are well under 2 KB; refusing huge ones before parsing them bounds the
// work an unauthenticated caller can make us do.
const MAX_TOKEN_LENGTH = 8192;

/** The token was refused. `message` says exactly why ("token expired", "invalid signature"...). */
export class AuthenticationError extends Error {
  override readonly name = 'AuthenticationError';
}

/** The auth configuration is unusable (bad key, both key sources set...): fix it and restart. */
export class AuthConfigError extends Error {
  override readonly name = 'AuthConfigError';
}

/** Where the public key(s) that verify tokens come from. */
export type JwtKeySource =
  /** One public JWK (the embedded dev key, or a key pasted into configuration). */
  | { readonly kind: 'public-jwk'; readonly jwk: JWK }
  /** One SPKI PEM public key ("-----BEGIN PUBLIC KEY-----"): Ed25519, P-256 or RSA. */
  | { readonly kind: 'public-pem'; readonly pem: string }
  /** A JWKS json file (`{ "keys": [...] }`), e.g. the identity provider's keys mounted from a secret; tokens pick a key by `kid`. */
  | { readonly kind: 'jwks-file'; readonly path: string };

export interface JwtAuthConfig {
  /** Expected `iss`. */
  readonly issuer: string;
  /** Expected `aud` (the token may list several audiences; this one must be among them). */
  readonly audience: string;
  readonly keys: JwtKeySource;
  /**
   * The longest lifetime (`exp` - `iat`, or `exp` - now without `iat`) a token may have.
   * A stolen token is only as harmful as it is long-lived: one valid for years is refused
   * even if correctly signed. Default 24 h.
   */
  readonly maxTokenLifetimeSeconds?: number;
}

export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;

export type AuthEnv = Readonly<Record<string, string | undefined>>;

/**
 * Reads the verifier configuration from the environment:
 *  - `AUTH_ISSUER` (default `collections-platform`), `AUTH_AUDIENCE` (default `collections-api`);
 *  - exactly one of `AUTH_PUBLIC_KEY_PEM` (SPKI PEM; literal `\n` sequences are turned
 *    into newlines, since env files and k8s manifests often flatten the PEM to one line)
 *    or `AUTH_JWKS_FILE` (path to a JWKS json).
 * With neither set, `options.devKey` (embedded mode) is used; without one it throws,
 * so a deployed service never starts without a real key by accident.
 */
export function authConfigFromEnv(env: AuthEnv, options: { readonly devKey?: DevKey } = {}): JwtAuthConfig {
  const issuer = nonEmpty(env['AUTH_ISSUER']) ?? DEFAULT_AUTH_ISSUER;
  const lifetime = nonEmpty(env['AUTH_MAX_TOKEN_LIFETIME_SECONDS']);
  const maxTokenLifetimeSeconds = lifetime === undefined ? undefined : Number(lifetime);
  if (maxTokenLifetimeSeconds !== undefined && (!Number.isSafeInteger(maxTokenLifetimeSeconds) || maxTokenLifetimeSeconds <= 0)) {
    throw new AuthConfigError(`AUTH_MAX_TOKEN_LIFETIME_SECONDS must be a positive integer, got ${JSON.stringify(lifetime)}`);
  }
  const audience = nonEmpty(env['AUTH_AUDIENCE']) ?? DEFAULT_AUTH_AUDIENCE;
  const pem = nonEmpty(env['AUTH_PUBLIC_KEY_PEM']);
  const jwksFile = nonEmpty(env['AUTH_JWKS_FILE']);
  if (pem !== undefined && jwksFile !== undefined) {
    throw new AuthConfigError('set only one of AUTH_PUBLIC_KEY_PEM and AUTH_JWKS_FILE');
  }
  const limit = maxTokenLifetimeSeconds === undefined ? {} : { maxTokenLifetimeSeconds };
  if (pem !== undefined) return { issuer, audience, keys: { kind: 'public-pem', pem: pem.replace(/\\n/g, '\n') }, ...limit };
  if (jwksFile !== undefined) return { issuer, audience, keys: { kind: 'jwks-file', path: path.resolve(jwksFile) }, ...limit };
  if (options.devKey) return { ...devAuthConfig(options.devKey, { issuer, audience }), ...limit };
  throw new AuthConfigError('no token verification key: set AUTH_PUBLIC_KEY_PEM or AUTH_JWKS_FILE (embedded mode uses its dev key)');
}

/** Verifier config that trusts the embedded dev key (embedded/demo mode only). */
export function devAuthConfig(devKey: DevKey, names: { readonly issuer?: string; readonly audience?: string } = {}): JwtAuthConfig {
  return {
    issuer: names.issuer ?? DEFAULT_AUTH_ISSUER,
    audience: names.audience ?? DEFAULT_AUTH_AUDIENCE,
    keys: { kind: 'public-jwk', jwk: devKey.publicJwk },
  };
}

/** What the transport guards need; `JwtVerifier` is the implementation, tests may fake it. */
export interface TokenVerifier {
  /** Resolves to the caller, or rejects with `AuthenticationError`. */
  verify(token: string): Promise<Principal>;
}

interface ResolvedKeys {
  readonly key: CryptoKey | JWTVerifyGetKey;
  readonly algorithms: AllowedAlgorithm[];
}

/**
 * Verifies a bearer JWT: signature, `exp` (required), `nbf`, `iss`, `aud` with 30 s
 * clock tolerance, then the claims `sub`, `tenant_id` and `roles`.
 *
 * Keys are loaded on first use (the constructor stays synchronous, so a Nest module can
 * build it inline); `JwtVerifier.create` loads them up front so a bad key fails at
 * start-up instead of on the first request. Configuration problems reject with
 * `AuthConfigError`, never with `AuthenticationError`: they are our fault, not the caller's.
 */
export class JwtVerifier implements TokenVerifier {
  private keys: Promise<ResolvedKeys> | undefined;
  private readonly clock: Clock;

  constructor(
    private readonly config: JwtAuthConfig,
    options: { readonly clock?: Clock } = {},
  ) {
    this.clock = options.clock ?? systemClock;
  }

  static async create(config: JwtAuthConfig, options: { readonly clock?: Clock } = {}): Promise<JwtVerifier> {
    const verifier = new JwtVerifier(config, options);
    await verifier.ready();
    return verifier;
  }

  /** Loads the keys; rejects with `AuthConfigError` when they are unusable. */
  async ready(): Promise<void> {
    await this.resolvedKeys();
  }

  async verify(token: string): Promise<Principal> {
    if (typeof token !== 'string' || token.length === 0) throw new AuthenticationError('missing token');
    if (token.length > MAX_TOKEN_LENGTH) throw new AuthenticationError('token too large');
    const { key, algorithms } = await this.resolvedKeys();
    let payload: JWTPayload;
    try {
      payload = (await jwtVerify(token, key, this.verifyOptions(algorithms))).payload;
    } catch (error: unknown) {
      throw new AuthenticationError(describeJoseError(error, token), { cause: error });
    }
    const maxLifetime = this.config.maxTokenLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
    const nowSeconds = Math.floor(this.clock.now().getTime() / 1000);
    const issuedAt = typeof payload.iat === 'number' ? payload.iat : nowSeconds;
    if (issuedAt > nowSeconds + CLOCK_TOLERANCE_SECONDS) throw new AuthenticationError('token issued in the future (iat)');
    if (typeof payload.exp === 'number' && payload.exp - issuedAt > maxLifetime) {
      throw new AuthenticationError(`token lifetime exceeds the ${maxLifetime} s this service accepts`);
    }
    return principalFromClaims(payload);
  }

  private verifyOptions(algorithms: AllowedAlgorithm[]): JWTVerifyOptions {
    return {
      algorithms,
      issuer: this.config.issuer,
      audience: this.config.audience,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      // iss and aud are required by the options above; exp must be too: a token
      // without one would be valid forever.
      requiredClaims: ['exp', 'sub'],
      currentDate: this.clock.now(),
    };
  }

  private resolvedKeys(): Promise<ResolvedKeys> {
    this.keys ??= loadKeys(this.config.keys);
    return this.keys;
  }
}

async function loadKeys(source: JwtKeySource): Promise<ResolvedKeys> {
  switch (source.kind) {
    case 'public-jwk': {
      const algorithm = algorithmForJwk(source.jwk, 'the configured JWK');
      return { key: await importPublicJwk(source.jwk, algorithm), algorithms: [algorithm] };
    }
    case 'public-pem': {
      const algorithm = algorithmForPem(source.pem);
      try {
        return { key: await importSPKI(source.pem.trim(), algorithm), algorithms: [algorithm] };
      } catch (error: unknown) {
        throw new AuthConfigError(`AUTH_PUBLIC_KEY_PEM is not an SPKI public key ("-----BEGIN PUBLIC KEY-----"): ${messageOf(error)}`, { cause: error });
      }
    }
    case 'jwks-file':
      return loadJwksFile(source.path);
  }
}

async function loadJwksFile(file: string): Promise<ResolvedKeys> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error: unknown) {
    throw new AuthConfigError(`cannot read JWKS file ${file}: ${messageOf(error)}`, { cause: error });
  }
  const listed = (parsed as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(listed)) throw new AuthConfigError(`JWKS file ${file} has no "keys" array`);
  const keys: JWK[] = [];
  const algorithms = new Set<AllowedAlgorithm>();
  for (const [index, entry] of listed.entries()) {
    if (typeof entry !== 'object' || entry === null) throw new AuthConfigError(`JWKS file ${file}: keys[${index}] is not an object`);
    const jwk = entry as JWK;
    // Identity providers publish encryption keys in the same set: not ours to use.
    if (jwk.use === 'enc') continue;
    const algorithm = algorithmForJwk(jwk, `JWKS file ${file} keys[${index}]`);
    await importPublicJwk(jwk, algorithm); // fail at start-up, not on the first token
    // Pinning alg on each key makes jose pick keys by alg as well as by kid.
    keys.push({ ...jwk, alg: algorithm });
    algorithms.add(algorithm);
  }
  if (keys.length === 0) throw new AuthConfigError(`JWKS file ${file} has no signature keys`);
  return { key: createLocalJWKSet({ keys }), algorithms: [...algorithms] };
}

const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

/** The one algorithm a public key may verify, or an `AuthConfigError`. */
function algorithmForJwk(jwk: JWK, where: string): AllowedAlgorithm {
  if (jwk.kty === 'oct') throw new AuthConfigError(`${where}: symmetric (oct/HS*) keys are not accepted; configure an asymmetric public key`);
  if (PRIVATE_JWK_MEMBERS.some((member) => member in jwk)) {
    throw new AuthConfigError(`${where} holds private key material; configure the public key only`);
  }
  if (jwk.use !== undefined && jwk.use !== 'sig') throw new AuthConfigError(`${where}: "use" is "${jwk.use}", expected "sig"`);
  let algorithm: AllowedAlgorithm;
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') algorithm = 'EdDSA';
  else if (jwk.kty === 'EC' && jwk.crv === 'P-256') algorithm = 'ES256';
  else if (jwk.kty === 'RSA') algorithm = 'RS256';
  else throw new AuthConfigError(`${where}: unsupported key (kty ${String(jwk.kty)}, crv ${String(jwk.crv)}); use Ed25519, P-256 or RSA`);
  if (jwk.alg !== undefined && jwk.alg !== algorithm) {
    throw new AuthConfigError(`${where}: alg ${jwk.alg} is not accepted for this key; only ${algorithm}`);
  }
  return algorithm;
}

function algorithmForPem(pem: string): AllowedAlgorithm {
  let key;
  try {
    key = createPublicKey(pem.trim());
  } catch (error: unknown) {
    throw new AuthConfigError(`AUTH_PUBLIC_KEY_PEM is not a PEM public key: ${messageOf(error)}`, { cause: error });
  }
  const type = key.asymmetricKeyType;
  if (type === 'ed25519') return 'EdDSA';
  if (type === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  if (type === 'rsa') return 'RS256';
  throw new AuthConfigError(`AUTH_PUBLIC_KEY_PEM: unsupported key type ${String(type)}; use Ed25519, P-256 or RSA`);
}

async function importPublicJwk(jwk: JWK, algorithm: AllowedAlgorithm): Promise<CryptoKey> {
  let key: CryptoKey | Uint8Array;
  try {
    key = await importJWK(jwk, algorithm);
  } catch (error: unknown) {
    throw new AuthConfigError(`invalid ${algorithm} public JWK: ${messageOf(error)}`, { cause: error });
  }
  // algorithmForJwk already refused oct keys; this only narrows the type.
  if (key instanceof Uint8Array) throw new AuthConfigError('symmetric keys are not accepted');
  return key;
}

/** Turns jose's error into the one-line reason returned to the caller. */
function describeJoseError(error: unknown, token: string): string {
  if (error instanceof errors.JWTExpired) return 'token expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    const { claim, reason } = error;
    if (reason === 'missing') return `missing ${claim} claim`;
    switch (claim) {
      case 'nbf':
        return reason === 'check_failed' ? 'token not yet valid' : 'invalid nbf claim';
      case 'iss':
        return reason === 'check_failed' ? 'unexpected issuer' : 'invalid iss claim';
      case 'aud':
        return reason === 'check_failed' ? 'unexpected audience' : 'invalid aud claim';
      default:
        return `invalid ${claim} claim`;
    }
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'invalid signature';
  if (error instanceof errors.JOSEAlgNotAllowed) return `signing algorithm ${headerAlgorithm(token)} is not allowed`;
  if (error instanceof errors.JWKSNoMatchingKey) return 'no configured key matches the token (kid/alg)';
  if (error instanceof errors.JWKSMultipleMatchingKeys) return 'several configured keys match the token; it must carry a kid';
  if (error instanceof errors.JOSENotSupported) return 'unsupported token algorithm or key';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return `malformed token (${error.message})`;
  return 'invalid token';
}

function headerAlgorithm(token: string): string {
  try {
    return String(decodeProtectedHeader(token).alg);
  } catch {
    return '(unreadable)';
  }
}

function principalFromClaims(payload: JWTPayload): Principal {
  const subject = payload.sub;
  if (typeof subject !== 'string' || subject.length === 0) throw new AuthenticationError('invalid sub claim');

  const rawTenant = payload['tenant_id'];
  if (rawTenant === undefined) throw new AuthenticationError('missing tenant_id claim');
  let tenantId: TenantId;
  try {
    tenantId = TenantId.parse(rawTenant, 'tenant_id');
  } catch (error: unknown) {
    if (error instanceof ValidationError) throw new AuthenticationError(`invalid tenant_id claim: ${error.violations[0]?.message ?? error.message}`);
    throw error;
  }

  const rawRoles = payload['roles'];
  if (rawRoles === undefined) throw new AuthenticationError('missing roles claim');
  if (!Array.isArray(rawRoles)) throw new AuthenticationError('roles claim must be an array');
  if (rawRoles.length === 0) throw new AuthenticationError('roles claim is empty');
  const roles: Role[] = [];
  for (const role of rawRoles as unknown[]) {
    if (!isRole(role)) throw new AuthenticationError(`unknown role ${JSON.stringify(role)} in roles claim`);
    if (!roles.includes(role)) roles.push(role);
  }

  const tokenId = payload.jti;
  if (tokenId !== undefined && typeof tokenId !== 'string') throw new AuthenticationError('invalid jti claim');
  return tokenId === undefined ? { subject, tenantId, roles } : { subject, tenantId, roles, tokenId };
}

// ---------------------------------------------------------------------------------------
// Embedded/demo mode ONLY. The dev key lives in a local file next to the embedded data;
// anyone who can read that file can mint a token for any tenant and role. Deployed
// services verify against AUTH_PUBLIC_KEY_PEM / AUTH_JWKS_FILE and never load it.
// ---------------------------------------------------------------------------------------

export const DEV_KEY_FILE = 'dev-jwt-key.json';

/** The embedded-mode Ed25519 signing key (demo/dev only, see above). */
export interface DevKey {
  /** RFC 7638 thumbprint of the public key: stable across runs, set as the token `kid`. */
  readonly kid: string;
  readonly algorithm: 'EdDSA';
  readonly privateKey: CryptoKey;
  /** Public half with kid/alg/use, ready for `devAuthConfig` or a published JWKS. */
  readonly publicJwk: JWK;
  /** Where it is persisted. */
  readonly file: string;
}

/**
 * Embedded/demo mode only: the Ed25519 key in `<dir>/dev-jwt-key.json` (private JWK,
 * mode 0600), generated on the first run and reused afterwards so that demo tokens
 * survive restarts. A file that is not an Ed25519 private JWK is an error, never
 * silently replaced (that would invalidate every token handed out).
 */
export async function loadOrCreateDevKey(dir: string): Promise<DevKey> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, DEV_KEY_FILE);
  const existing = await readDevKeyFile(file);
  if (existing) return existing;

  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const exported = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(publicPart(exported));
  const stored: JWK = { ...exported, kid, alg: 'EdDSA', use: 'sig' };
  try {
    // 'wx': create only. If another process won the race, use its key instead.
    await writeFile(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      const raced = await readDevKeyFile(file);
      if (raced) return raced;
    }
    throw error;
  }
  return { kid, algorithm: 'EdDSA', privateKey, publicJwk: { ...publicPart(exported), kid, alg: 'EdDSA', use: 'sig' }, file };
}

async function readDevKeyFile(file: string): Promise<DevKey | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const broken = (why: string) => new AuthConfigError(`dev key file ${file} ${why}; delete it to generate a new dev key`);
  let jwk: JWK;
  try {
    jwk = JSON.parse(text) as JWK;
  } catch {
    throw broken('is not valid JSON');
  }
  if (jwk?.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string' || typeof jwk.d !== 'string') {
    throw broken('is not an Ed25519 private JWK');
  }
  // It holds a private key: tighten permissions if someone loosened them.
  if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
  const imported = await importJWK({ kty: 'OKP', crv: 'Ed25519', x: jwk.x, d: jwk.d }, 'EdDSA');
  if (imported instanceof Uint8Array) throw broken('is not an Ed25519 private JWK');
  const kid = typeof jwk.kid === 'string' ? jwk.kid : await calculateJwkThumbprint(publicPart(jwk));
  return { kid, algorithm: 'EdDSA', privateKey: imported, publicJwk: { ...publicPart(jwk), kid, alg: 'EdDSA', use: 'sig' }, file };
}

function publicPart(jwk: JWK): JWK {
  return { kty: 'OKP', crv: 'Ed25519', x: jwk.x! };
}

export interface MintRequest {
  readonly subject: string;
  readonly tenantId: TenantId;
  readonly roles: readonly Role[];
  /** Lifetime from now; tokens always expire. */
  readonly ttlSeconds: number;
  /** `jti`; a random UUID when omitted. */
  readonly tokenId?: string;
  /** `nbf`; omitted when not given. */
  readonly notBefore?: Date;
}

/**
 * Signs EdDSA tokens with the dev key (with its `kid`), for the embedded-mode demo
 * tokens and for tests. Not a production identity provider: deployed services only
 * verify tokens issued elsewhere.
 */
export class TokenIssuer {
  private readonly clock: Clock;

  constructor(
    private readonly key: DevKey,
    private readonly names: { readonly issuer: string; readonly audience: string } = { issuer: DEFAULT_AUTH_ISSUER, audience: DEFAULT_AUTH_AUDIENCE },
    options: { readonly clock?: Clock } = {},
  ) {
    this.clock = options.clock ?? systemClock;
  }

  async mint(request: MintRequest): Promise<string> {
    if (!Number.isFinite(request.ttlSeconds) || request.ttlSeconds <= 0) throw new RangeError('ttlSeconds must be a positive number');
    if (request.roles.length === 0) throw new RangeError('a token needs at least one role');
    const now = this.clock.now();
    const jwt = new SignJWT({ tenant_id: request.tenantId, roles: [...request.roles] })
      .setProtectedHeader({ alg: this.key.algorithm, kid: this.key.kid, typ: 'JWT' })
      .setIssuer(this.names.issuer)
      .setAudience(this.names.audience)
      .setSubject(request.subject)
      .setJti(request.tokenId ?? randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(Math.floor(now.getTime() / 1000) + Math.ceil(request.ttlSeconds));
    if (request.notBefore) jwt.setNotBefore(request.notBefore);
    return jwt.sign(this.key.privateKey);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
