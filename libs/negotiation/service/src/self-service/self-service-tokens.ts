import { createHmac, timingSafeEqual } from 'node:crypto';
import { SignJWT, errors, jwtVerify } from 'jose';

/** What a link or a session says: whose, for which debts, under which link. */
export interface SelfServiceClaims {
  readonly tenantId: string;
  readonly debtorId: string;
  readonly linkId: string;
  readonly debtIds: readonly string[];
  readonly expiresAt: string;
}

export type TokenCheck = { readonly kind: 'valid'; readonly claims: SelfServiceClaims } | { readonly kind: 'expired' } | { readonly kind: 'invalid' };

const ISSUER = 'collections-negotiation';
const LINK = 'self-service-link';
const SESSION = 'self-service-session';

/**
 * The signed tokens of the debtor's self-service page (HS256 JWTs with `jose`, under the
 * service's own link key): the one-time link a debtor receives, and the short session
 * cookie it opens. A link's single use is the log's (the link's stream), not the token's.
 */
export class SelfServiceTokens {
  constructor(private readonly key: Uint8Array) {
    if (key.length < 32) throw new RangeError('the self-service link key must have at least 32 bytes');
  }

  link(claims: SelfServiceClaims): Promise<string> {
    return this.sign(claims, LINK);
  }

  session(claims: SelfServiceClaims): Promise<string> {
    return this.sign(claims, SESSION);
  }

  checkLink(token: string, now: Date): Promise<TokenCheck> {
    return this.verify(token, LINK, now);
  }

  checkSession(token: string, now: Date): Promise<TokenCheck> {
    return this.verify(token, SESSION, now);
  }

  /** The form token of a session (its forms carry it; another site's form cannot). */
  formToken(claims: SelfServiceClaims): string {
    return createHmac('sha256', this.key).update(`form:${claims.tenantId}:${claims.linkId}`).digest('base64url');
  }

  formTokenMatches(claims: SelfServiceClaims, token: unknown): boolean {
    if (typeof token !== 'string') return false;
    const expected = Buffer.from(this.formToken(claims));
    const given = Buffer.from(token);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private sign(claims: SelfServiceClaims, audience: string): Promise<string> {
    return new SignJWT({ tid: claims.tenantId, lid: claims.linkId, debts: claims.debtIds })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISSUER)
      .setAudience(audience)
      .setSubject(claims.debtorId)
      .setExpirationTime(Math.floor(Date.parse(claims.expiresAt) / 1000))
      .sign(this.key);
  }

  private async verify(token: string, audience: string, now: Date): Promise<TokenCheck> {
    if (token.length > 4_096) return { kind: 'invalid' };
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, audience, algorithms: ['HS256'], currentDate: now });
      const { tid, lid, debts, sub, exp } = payload as { tid?: unknown; lid?: unknown; debts?: unknown; sub?: unknown; exp?: unknown };
      if (typeof tid !== 'string' || typeof lid !== 'string' || typeof sub !== 'string' || typeof exp !== 'number') return { kind: 'invalid' };
      if (!Array.isArray(debts) || !debts.every((d) => typeof d === 'string')) return { kind: 'invalid' };
      return { kind: 'valid', claims: { tenantId: tid, debtorId: sub, linkId: lid, debtIds: debts as string[], expiresAt: new Date(exp * 1000).toISOString() } };
    } catch (error) {
      if (error instanceof errors.JWTExpired) return { kind: 'expired' };
      return { kind: 'invalid' };
    }
  }
}
