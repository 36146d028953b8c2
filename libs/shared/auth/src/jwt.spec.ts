import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SignJWT, base64url, exportJWK, generateKeyPair, type JWTPayload } from 'jose';
import { TenantId, TestClock } from '@collections/shared-kernel';
import {
  AuthConfigError,
  AuthenticationError,
  DEV_KEY_FILE,
  JwtVerifier,
  TokenIssuer,
  authConfigFromEnv,
  devAuthConfig,
  loadOrCreateDevKey,
  type DevKey,
  type JwtAuthConfig,
} from './jwt';

const acme = TenantId.parse('acme');

describe('bearer JWT verification', () => {
  let dir: string;
  let devKey: DevKey;
  let config: JwtAuthConfig;
  let issuer: TokenIssuer;
  let verifier: JwtVerifier;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'shared-auth-'));
    devKey = await loadOrCreateDevKey(dir);
    config = devAuthConfig(devKey);
    issuer = new TokenIssuer(devKey, config);
    verifier = await JwtVerifier.create(config);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Signs arbitrary claims with the dev key, for tokens TokenIssuer refuses to make. */
  async function signRaw(claims: JWTPayload, options: { exp?: number | string; iss?: string; aud?: string } = {}): Promise<string> {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'EdDSA', kid: devKey.kid })
      .setIssuer(options.iss ?? config.issuer)
      .setAudience(options.aud ?? config.audience)
      .setSubject('user-1')
      .setIssuedAt()
      .setExpirationTime(options.exp ?? '5m')
      .sign(devKey.privateKey);
  }

  async function rejection(token: string, by: JwtVerifier = verifier): Promise<AuthenticationError> {
    const error: unknown = await by.verify(token).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof AuthenticationError)) throw new Error(`expected an AuthenticationError, got ${String(error)}`);
    return error;
  }

  it('accepts a valid token minted by TokenIssuer and returns the principal from its claims', async () => {
    const token = await issuer.mint({ subject: 'agent-7', tenantId: acme, roles: ['agent', 'supervisor'], ttlSeconds: 300, tokenId: 't-1' });
    await expect(verifier.verify(token)).resolves.toEqual({ subject: 'agent-7', tenantId: 'acme', roles: ['agent', 'supervisor'], tokenId: 't-1' });
  });

  it('signs with EdDSA and the dev key id', async () => {
    const token = await issuer.mint({ subject: 'a', tenantId: acme, roles: ['agent'], ttlSeconds: 60 });
    const header = JSON.parse(new TextDecoder().decode(base64url.decode(token.split('.')[0]!))) as Record<string, unknown>;
    expect(header).toMatchObject({ alg: 'EdDSA', kid: devKey.kid });
  });

  it('rejects an expired token', async () => {
    const clock = new TestClock();
    const token = await new TokenIssuer(devKey, config, { clock }).mint({ subject: 'a', tenantId: acme, roles: ['agent'], ttlSeconds: 60 });
    const later = new JwtVerifier(config, { clock });
    await expect(later.verify(token)).resolves.toMatchObject({ subject: 'a' });
    clock.advance({ seconds: 60 + 29 }); // still inside the 30 s tolerance
    await expect(later.verify(token)).resolves.toMatchObject({ subject: 'a' });
    clock.advance({ seconds: 2 });
    expect((await rejection(token, later)).message).toBe('token expired');
  });

  it('rejects a token that is not yet valid (nbf beyond the clock tolerance)', async () => {
    const token = await issuer.mint({ subject: 'a', tenantId: acme, roles: ['agent'], ttlSeconds: 600, notBefore: new Date(Date.now() + 120_000) });
    expect((await rejection(token)).message).toBe('token not yet valid');
  });

  it('rejects a token valid for longer than the configured lifetime, even correctly signed', async () => {
    const thousandYears = await issuer.mint({ subject: 'a', tenantId: acme, roles: ['admin'], ttlSeconds: 1000 * 365 * 24 * 3600 });
    expect((await rejection(thousandYears)).message).toBe('token lifetime exceeds the 86400 s this service accepts');
    const withoutIat = await new SignJWT({ tenant_id: 'acme', roles: ['agent'] })
      .setProtectedHeader({ alg: 'EdDSA', kid: devKey.kid })
      .setIssuer(config.issuer)
      .setAudience(config.audience)
      .setSubject('a')
      .setExpirationTime('2d')
      .sign(devKey.privateKey);
    expect((await rejection(withoutIat)).message).toBe('token lifetime exceeds the 86400 s this service accepts');
    const strict = await JwtVerifier.create({ ...config, maxTokenLifetimeSeconds: 600 });
    const hour = await issuer.mint({ subject: 'a', tenantId: acme, roles: ['agent'], ttlSeconds: 3600 });
    expect((await rejection(hour, strict)).message).toBe('token lifetime exceeds the 600 s this service accepts');
    await expect(verifier.verify(hour)).resolves.toMatchObject({ subject: 'a' });
  });

  it('rejects a token issued in the future', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ tenant_id: 'acme', roles: ['agent'] })
      .setProtectedHeader({ alg: 'EdDSA', kid: devKey.kid })
      .setIssuer(config.issuer)
      .setAudience(config.audience)
      .setSubject('a')
      .setIssuedAt(now + 3600)
      .setExpirationTime(now + 7200)
      .sign(devKey.privateKey);
    expect((await rejection(token)).message).toBe('token issued in the future (iat)');
  });

  it('reads the lifetime limit from AUTH_MAX_TOKEN_LIFETIME_SECONDS and refuses a bad value', () => {
    expect(authConfigFromEnv({ AUTH_MAX_TOKEN_LIFETIME_SECONDS: '3600' }, { devKey }).maxTokenLifetimeSeconds).toBe(3600);
    expect(() => authConfigFromEnv({ AUTH_MAX_TOKEN_LIFETIME_SECONDS: 'forever' }, { devKey })).toThrow('AUTH_MAX_TOKEN_LIFETIME_SECONDS must be a positive integer');
  });

  it('rejects a token without exp', async () => {
    const token = await new SignJWT({ tenant_id: 'acme', roles: ['agent'] })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setIssuer(config.issuer)
      .setAudience(config.audience)
      .setSubject('a')
      .sign(devKey.privateKey);
    expect((await rejection(token)).message).toBe('missing exp claim');
  });

  it('rejects a token from another issuer', async () => {
    const token = await new TokenIssuer(devKey, { issuer: 'someone-else', audience: config.audience }).mint({ subject: 'a', tenantId: acme, roles: ['agent'], ttlSeconds: 60 });
    expect((await rejection(token)).message).toBe('unexpected issuer');
  });

  it('rejects a token for another audience', async () => {
    const token = await new TokenIssuer(devKey, { issuer: config.issuer, audience: 'another-api' }).mint({ subject: 'a', tenantId: acme, roles: ['agent'], ttlSeconds: 60 });
    expect((await rejection(token)).message).toBe('unexpected audience');
  });

  it('rejects a token whose payload was tampered with after signing', async () => {
    const token = await issuer.mint({ subject: 'a', tenantId: acme, roles: ['agent'], ttlSeconds: 60 });
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload))) as Record<string, unknown>;
    const forged = base64url.encode(JSON.stringify({ ...claims, tenant_id: 'globex', roles: ['admin'] }));
    expect((await rejection(`${header}.${forged}.${signature}`)).message).toBe('invalid signature');
  });

  it('rejects a token whose signature bytes were altered', async () => {
    const token = await issuer.mint({ subject: 'a', tenantId: acme, roles: ['agent'], ttlSeconds: 60 });
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const bytes = base64url.decode(signature);
    bytes[0] = bytes[0]! ^ 0xff;
    expect((await rejection(`${header}.${payload}.${base64url.encode(bytes)}`)).message).toBe('invalid signature');
  });

  it('rejects a token signed by another key', async () => {
    const otherDir = await mkdtemp(path.join(tmpdir(), 'shared-auth-other-'));
    try {
      const otherKey = await loadOrCreateDevKey(otherDir);
      const token = await new TokenIssuer(otherKey, config).mint({ subject: 'a', tenantId: acme, roles: ['admin'], ttlSeconds: 60 });
      expect((await rejection(token)).message).toBe('invalid signature');
    } finally {
      await rm(otherDir, { recursive: true, force: true });
    }
  });

  it('rejects an unsigned token (alg: none)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const encode = (value: object): string => base64url.encode(JSON.stringify(value));
    const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ iss: config.issuer, aud: config.audience, sub: 'a', exp: now + 60, tenant_id: 'acme', roles: ['admin'] })}.`;
    expect((await rejection(unsigned)).message).toBe('signing algorithm none is not allowed');
  });

  it('rejects an HS256 token made with the public key as the secret (key confusion)', async () => {
    const secret = new TextEncoder().encode(JSON.stringify(devKey.publicJwk));
    const token = await new SignJWT({ tenant_id: 'acme', roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(config.issuer)
      .setAudience(config.audience)
      .setSubject('a')
      .setExpirationTime('5m')
      .sign(secret);
    expect((await rejection(token)).message).toBe('signing algorithm HS256 is not allowed');
  });

  it('rejects garbage as a malformed token', async () => {
    expect((await rejection('not-a-jwt')).message).toMatch(/^malformed token/);
  });

  it('rejects a token without tenant_id', async () => {
    expect((await rejection(await signRaw({ roles: ['agent'] }))).message).toBe('missing tenant_id claim');
  });

  it('rejects a token with an invalid tenant id', async () => {
    const error = await rejection(await signRaw({ tenant_id: 'Acme Corp', roles: ['agent'] }));
    expect(error.message).toMatch(/^invalid tenant_id claim: must be 1-63 lower-case letters/);
  });

  it('rejects a token with an unknown role', async () => {
    expect((await rejection(await signRaw({ tenant_id: 'acme', roles: ['agent', 'superuser'] }))).message).toBe('unknown role "superuser" in roles claim');
  });

  it('rejects a token with empty roles', async () => {
    expect((await rejection(await signRaw({ tenant_id: 'acme', roles: [] }))).message).toBe('roles claim is empty');
  });

  it('rejects a token without roles, or with roles that are not an array', async () => {
    expect((await rejection(await signRaw({ tenant_id: 'acme' }))).message).toBe('missing roles claim');
    expect((await rejection(await signRaw({ tenant_id: 'acme', roles: 'admin' }))).message).toBe('roles claim must be an array');
  });

  it('collapses duplicate roles', async () => {
    await expect(verifier.verify(await signRaw({ tenant_id: 'acme', roles: ['agent', 'agent'] }))).resolves.toMatchObject({ roles: ['agent'] });
  });
});

describe('dev key for embedded mode', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'shared-auth-devkey-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('persists the key as a private JWK readable by its owner only, and reuses it on later runs', async () => {
    const first = await loadOrCreateDevKey(dir);
    const file = path.join(dir, DEV_KEY_FILE);
    expect(first.file).toBe(file);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    expect(stored).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: first.kid, alg: 'EdDSA' });
    expect(typeof stored['d']).toBe('string');
    expect(first.publicJwk).not.toHaveProperty('d');

    const second = await loadOrCreateDevKey(dir);
    expect(second.kid).toBe(first.kid);
    expect(second.publicJwk).toEqual(first.publicJwk);
    // a token minted with the first run's key verifies with the second run's config
    const token = await new TokenIssuer(first).mint({ subject: 'demo', tenantId: acme, roles: ['admin'], ttlSeconds: 60 });
    await expect(new JwtVerifier(devAuthConfig(second)).verify(token)).resolves.toMatchObject({ subject: 'demo', tenantId: 'acme' });
  });

  it('refuses a corrupt key file instead of silently replacing it', async () => {
    await writeFile(path.join(dir, DEV_KEY_FILE), '{"kty":"RSA"}');
    await expect(loadOrCreateDevKey(dir)).rejects.toThrow(/is not an Ed25519 private JWK; delete it/);
  });
});

describe('auth configuration', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'shared-auth-config-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads issuer, audience and a one-line PEM public key from the environment', () => {
    const pem = '-----BEGIN PUBLIC KEY-----\\nMCowBQYDK2VwAyEA\\n-----END PUBLIC KEY-----';
    expect(authConfigFromEnv({ AUTH_ISSUER: 'idp', AUTH_AUDIENCE: 'api', AUTH_PUBLIC_KEY_PEM: pem })).toEqual({
      issuer: 'idp',
      audience: 'api',
      keys: { kind: 'public-pem', pem: '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----' },
    });
  });

  it('defaults issuer and audience, falls back to the dev key, and refuses to start with no key at all', async () => {
    const devKey = await loadOrCreateDevKey(dir);
    expect(authConfigFromEnv({}, { devKey })).toEqual({ issuer: 'collections-platform', audience: 'collections-api', keys: { kind: 'public-jwk', jwk: devKey.publicJwk } });
    expect(() => authConfigFromEnv({})).toThrow(AuthConfigError);
    expect(() => authConfigFromEnv({ AUTH_PUBLIC_KEY_PEM: 'x', AUTH_JWKS_FILE: 'y' })).toThrow('set only one of AUTH_PUBLIC_KEY_PEM and AUTH_JWKS_FILE');
  });

  it('verifies RS256 tokens against an SPKI PEM key from the environment', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const verifier = await JwtVerifier.create(authConfigFromEnv({ AUTH_PUBLIC_KEY_PEM: pem.replace(/\n/g, '\\n') }));
    const token = await new SignJWT({ tenant_id: 'acme', roles: ['integrator'] })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer('collections-platform')
      .setAudience('collections-api')
      .setSubject('erp-client')
      .setExpirationTime('5m')
      .sign(privateKey);
    await expect(verifier.verify(token)).resolves.toEqual({ subject: 'erp-client', tenantId: 'acme', roles: ['integrator'] });
  });

  it('verifies ES256 tokens against a JWKS file, picking the key by kid', async () => {
    const a = await generateKeyPair('ES256');
    const b = await generateKeyPair('ES256');
    const file = path.join(dir, 'jwks.json');
    const encryptionKey = { ...(await exportJWK((await generateKeyPair('ECDH-ES')).publicKey)), kid: 'enc', use: 'enc' };
    await writeFile(file, JSON.stringify({ keys: [{ ...(await exportJWK(a.publicKey)), kid: 'a' }, { ...(await exportJWK(b.publicKey)), kid: 'b' }, encryptionKey] }));
    const verifier = await JwtVerifier.create(authConfigFromEnv({ AUTH_JWKS_FILE: file }));
    const sign = (key: typeof a.privateKey, kid: string): Promise<string> =>
      new SignJWT({ tenant_id: 'acme', roles: ['auditor'] })
        .setProtectedHeader({ alg: 'ES256', kid })
        .setIssuer('collections-platform')
        .setAudience('collections-api')
        .setSubject('auditor-1')
        .setExpirationTime('5m')
        .sign(key);
    await expect(verifier.verify(await sign(b.privateKey, 'b'))).resolves.toMatchObject({ subject: 'auditor-1', roles: ['auditor'] });
    await expect(verifier.verify(await sign(b.privateKey, 'a'))).rejects.toThrow('invalid signature');
    await expect(verifier.verify(await sign(b.privateKey, 'unknown'))).rejects.toThrow('no configured key matches the token (kid/alg)');
  });

  it('refuses symmetric and private keys in configuration', async () => {
    const oct = { kind: 'public-jwk', jwk: { kty: 'oct', k: 'c2VjcmV0' } } as const;
    await expect(JwtVerifier.create({ issuer: 'i', audience: 'a', keys: oct })).rejects.toThrow(/symmetric \(oct\/HS\*\) keys are not accepted/);
    const { privateKey } = await generateKeyPair('EdDSA', { extractable: true });
    const privateJwk = await exportJWK(privateKey);
    await expect(JwtVerifier.create({ issuer: 'i', audience: 'a', keys: { kind: 'public-jwk', jwk: privateJwk } })).rejects.toThrow(/holds private key material/);
  });

  it('reports an unusable key as a configuration error, not as a refused token', async () => {
    const verifier = new JwtVerifier({ issuer: 'i', audience: 'a', keys: { kind: 'jwks-file', path: path.join(dir, 'missing.json') } });
    await expect(verifier.verify('a.b.c')).rejects.toThrow(AuthConfigError);
  });
});
