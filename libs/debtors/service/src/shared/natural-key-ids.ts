import { createHmac } from 'node:crypto';
import type { MasterKey } from '@collections/shared-pii';
import type { DebtId, DebtorId } from './ids';

/**
 * Ids derived from a tenant's natural keys (a debtor's CPF/CNPJ, a debt's contract
 * reference), so that importing the same file again finds the same streams.
 *
 * Keyed: an HMAC-SHA-256 under a secret of this service (derived from the master key),
 * never a plain hash. A plain name-based id of a CPF is inverted by trying the 10^9
 * candidates, and it sits in the log, in Kafka keys and in read models after the
 * debtor's key is erased; and anyone who can compute another tenant's future ids can
 * register them first. Without the secret neither is possible. The tenant is one of the
 * hashed parts, so the same CPF gives each tenant an unrelated id.
 */
export class NaturalKeyIds {
  constructor(private readonly secret: Buffer) {
    if (secret.length < 32) throw new Error('the natural-key id secret must have at least 32 bytes');
  }

  static fromMasterKey(masterKey: MasterKey): NaturalKeyIds {
    return new NaturalKeyIds(masterKey.deriveKey('natural-key-ids'));
  }

  /** `taxDigits`: the CPF/CNPJ's digits only, so that "529.982.247-25" and "52998224725" are one debtor. */
  debtorId(tenantId: string, taxDigits: string): DebtorId {
    return this.uuid('debtor', tenantId, taxDigits) as DebtorId;
  }

  debtId(tenantId: string, contractReference: string): DebtId {
    return this.uuid('debt', tenantId, contractReference) as DebtId;
  }

  /** A contact point of a debtor the import registers (one per kind). */
  contactPointId(tenantId: string, debtorId: DebtorId, kind: string): string {
    return this.uuid('contact-point', tenantId, debtorId, kind);
  }

  /**
   * A UUIDv8 (RFC 9562 section 5.8) from the HMAC over the parts, each length-prefixed
   * so that ('ab', 'c') and ('a', 'bc') differ.
   */
  private uuid(...parts: readonly string[]): string {
    const hmac = createHmac('sha256', this.secret);
    for (const part of parts) hmac.update(`${Buffer.byteLength(part, 'utf8')}:${part}`, 'utf8');
    const bytes = hmac.digest().subarray(0, 16);
    bytes[6] = (bytes[6]! & 0x0f) | 0x80; // version 8
    bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 9562 variant
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}
