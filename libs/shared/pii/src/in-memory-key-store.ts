import { createSecretKey, randomBytes } from 'node:crypto';
import { SubjectErasedError, SubjectTenantMismatchError } from './errors';
import type { EraseResult, SubjectKey, SubjectKeyProvider } from './key-store';

/**
 * FOR UNIT TESTS ONLY: the key store's semantics (tenant check, final erasure,
 * tombstones) without a database. Keys live in this object and die with it; the
 * transaction argument is ignored.
 */
export class InMemoryPiiKeyStore implements SubjectKeyProvider {
  private readonly subjects = new Map<string, { tenantId: string; key: SubjectKey | undefined; erasedAt: Date | undefined }>();

  constructor(readonly kekId = 'test') {}

  async getOrCreateKey(subjectId: string, tenantId: string): Promise<SubjectKey> {
    let subject = this.subjects.get(subjectId);
    if (!subject) {
      const key: SubjectKey = { subjectId, tenantId, kekId: this.kekId, key: createSecretKey(randomBytes(32)) };
      subject = { tenantId, key, erasedAt: undefined };
      this.subjects.set(subjectId, subject);
    }
    if (subject.tenantId !== tenantId) throw new SubjectTenantMismatchError(subjectId);
    if (!subject.key) throw new SubjectErasedError(subjectId);
    return subject.key;
  }

  async getKey(subjectId: string): Promise<SubjectKey | 'erased' | undefined> {
    const subject = this.subjects.get(subjectId);
    if (!subject) return undefined;
    return subject.key ?? 'erased';
  }

  async erase(subjectId: string, tenantId: string): Promise<EraseResult> {
    const subject = this.subjects.get(subjectId);
    if (!subject) {
      const erasedAt = new Date();
      this.subjects.set(subjectId, { tenantId, key: undefined, erasedAt });
      return { erasedNow: true, erasedAt };
    }
    if (subject.tenantId !== tenantId) throw new SubjectTenantMismatchError(subjectId);
    if (subject.erasedAt) return { erasedNow: false, erasedAt: subject.erasedAt };
    subject.key = undefined;
    subject.erasedAt = new Date();
    return { erasedNow: true, erasedAt: subject.erasedAt };
  }
}
