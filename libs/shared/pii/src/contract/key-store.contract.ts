import { randomUUID } from 'node:crypto';
import type { SqlDriver } from '@collections/shared-event-store';
import { MasterKeyMismatchError, PiiTokenError, SubjectErasedError, SubjectTenantMismatchError } from '../errors';
import { PII_MIGRATIONS_TABLE, PiiKeyStore, runPiiMigrations, type SubjectKey } from '../key-store';
import { MasterKey } from '../master-key';
import { ERASED, PiiCipher } from '../pii-cipher';

/**
 * The behaviour the SQL key store must show on every engine (PostgreSQL server and
 * PGlite), run by each engine's int-spec.
 */
export interface KeyStoreHarness {
  /** False for PGlite: one backend, transactions run one after another (a query outside an open transaction waits for it). */
  readonly concurrentTransactions: boolean;
  open(): Promise<SqlDriver>;
  /** Another driver (another pool / handle) over the same database; closed by the harness. */
  another(): Promise<SqlDriver>;
  close(): Promise<void>;
}

const sameKey = (a: SubjectKey, b: SubjectKey) => a.key.export().equals(b.key.export());

export function describeKeyStoreContract(engine: string, makeHarness: () => KeyStoreHarness): void {
  describe(`${engine} PII key store`, () => {
    const harness = makeHarness();
    const master = MasterKey.generate('k1');
    let driver: SqlDriver;
    let store: PiiKeyStore;
    let cipher: PiiCipher;
    let subject: string;
    let tenant: string;

    /** A store with an empty cache, as another process would have. */
    const fresh = async (key: MasterKey = master, options = {}) => PiiKeyStore.open(await harness.another(), key, options);
    const row = async (id: string) =>
      (
        await driver.query<{ tenant_id: string; kek_id: string; key_bytes: number | null; erased_at: Date | null }>(
          'SELECT tenant_id, kek_id, octet_length(wrapped_key) AS key_bytes, erased_at FROM pii_subject_keys WHERE subject_id = $1',
          [id],
        )
      )[0];

    beforeAll(async () => {
      driver = await harness.open();
      store = await PiiKeyStore.open(driver, master);
      cipher = new PiiCipher(store, master);
    });
    afterAll(async () => {
      await harness.close();
    });
    beforeEach(() => {
      subject = randomUUID();
      tenant = `tenant-${randomUUID().slice(0, 8)}`;
    });

    it('creates its table through versioned migrations, once', async () => {
      expect(await runPiiMigrations(driver)).toEqual([]);
      const history = await driver.query<{ version: number }>(`SELECT version FROM ${PII_MIGRATIONS_TABLE}`);
      expect(history.map((h) => Number(h.version))).toEqual([1]);
      const columns = await driver.query<{ column_name: string; is_nullable: string }>(
        `SELECT column_name, is_nullable FROM information_schema.columns WHERE table_name = 'pii_subject_keys' ORDER BY ordinal_position`,
      );
      expect(columns.map((c) => `${c.column_name}:${c.is_nullable}`)).toEqual([
        'subject_id:NO',
        'tenant_id:NO',
        'kek_id:NO',
        'wrapped_key:YES',
        'created_at:NO',
        'erased_at:YES',
      ]);
    });

    it('creates a key on first use, wrapped (never stored in clear), and reuses it', async () => {
      const key = await store.getOrCreateKey(subject, tenant);
      expect(key).toMatchObject({ subjectId: subject, tenantId: tenant, kekId: 'k1' });
      expect(await row(subject)).toMatchObject({ tenant_id: tenant, kek_id: 'k1', key_bytes: 12 + 16 + 32, erased_at: null });
      const [stored] = await driver.query<{ hex: string }>(`SELECT encode(wrapped_key, 'hex') AS hex FROM pii_subject_keys WHERE subject_id = $1`, [
        subject,
      ]);
      expect(stored!.hex).not.toContain(key.key.export().toString('hex'));

      expect(sameKey(await store.getOrCreateKey(subject, tenant), key)).toBe(true);
      const other = await fresh();
      expect(sameKey(await other.getOrCreateKey(subject, tenant), key)).toBe(true);
      const read = await other.getKey(subject);
      expect(read !== 'erased' && read !== undefined && sameKey(read, key)).toBe(true);
      expect(await store.getKey(randomUUID())).toBeUndefined();
    });

    it('decrypts with a key read back by another instance', async () => {
      const token = await cipher.encrypt(subject, tenant, { cpf: '123.456.789-09' });
      const other = await fresh();
      expect(await new PiiCipher(other, master).decrypt(subject, token)).toEqual({ cpf: '123.456.789-09' });
    });

    it('creates the key inside the caller transaction: gone if it rolls back, kept if it commits', async () => {
      await expect(
        driver.transaction(async (tx) => {
          await store.getOrCreateKey(subject, tenant, tx);
          if (harness.concurrentTransactions) expect(await row(subject)).toBeUndefined(); // not visible outside before commit
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await row(subject)).toBeUndefined();
      // Nothing of the rolled-back key was cached: a new one is created and persisted.
      const key = await store.getOrCreateKey(subject, tenant);
      const reread = await (await fresh()).getKey(subject);
      expect(reread !== 'erased' && reread !== undefined && sameKey(reread, key)).toBe(true);

      const second = randomUUID();
      const token = await driver.transaction((tx) => cipher.encrypt(second, tenant, 'Maria', tx));
      expect(await row(second)).toMatchObject({ tenant_id: tenant });
      expect(await cipher.decrypt(second, token)).toBe('Maria');
    });

    it('creates a single key when many instances ask for a new subject at once', async () => {
      const stores = await Promise.all(Array.from({ length: 4 }, () => fresh()));
      const keys = await Promise.all(stores.flatMap((s) => Array.from({ length: 5 }, () => s.getOrCreateKey(subject, tenant))));
      for (const key of keys) expect(sameKey(key, keys[0]!)).toBe(true);
      const [count] = await driver.query<{ n: string }>('SELECT count(*)::text AS n FROM pii_subject_keys WHERE subject_id = $1', [subject]);
      expect(count!.n).toBe('1');
    });

    it('prepares the keys of many subjects at once, the same keys getOrCreateKey then gives, and never revives an erased one', async () => {
      const subjects = [randomUUID(), randomUUID(), randomUUID()];
      await store.erase(subjects[2]!, tenant);
      await store.prepareKeys(subjects, tenant);
      const other = await fresh();
      for (const id of subjects.slice(0, 2)) {
        const token = await cipher.encrypt(id, tenant, 'Maria');
        expect(await new PiiCipher(other, master).decrypt(id, token)).toBe('Maria');
      }
      expect(await other.getKey(subjects[2]!)).toBe('erased');
      await expect(store.getOrCreateKey(subjects[2]!, tenant)).rejects.toThrow();
    });

    it('refuses a subject of another tenant', async () => {
      await store.getOrCreateKey(subject, tenant);
      await expect(store.getOrCreateKey(subject, 'tenant-other')).rejects.toThrow(SubjectTenantMismatchError);
      await expect((await fresh()).getOrCreateKey(subject, 'tenant-other')).rejects.toThrow(SubjectTenantMismatchError);
    });

    it('erases: tokens decrypt to ERASED, the wrapped key is gone, new data is refused', async () => {
      const token = await cipher.encrypt(subject, tenant, '123.456.789-09');
      expect(await cipher.decrypt(subject, token)).toBe('123.456.789-09'); // cached now
      const result = await store.erase(subject, tenant);
      expect(result.erasedNow).toBe(true);
      expect(result.erasedAt).toBeInstanceOf(Date);
      expect(await row(subject)).toMatchObject({ key_bytes: null, kek_id: 'k1' });
      expect(await cipher.decrypt(subject, token)).toBe(ERASED);
      expect(await store.getKey(subject)).toBe('erased');
      const other = await fresh();
      expect(await other.getKey(subject)).toBe('erased');
      expect(await new PiiCipher(other, master).decrypt(subject, token)).toBe(ERASED);
      await expect(store.getOrCreateKey(subject, tenant)).rejects.toThrow(SubjectErasedError);
      await expect(other.getOrCreateKey(subject, tenant)).rejects.toThrow(SubjectErasedError);
      await expect(cipher.encrypt(subject, tenant, 'late write')).rejects.toThrow(SubjectErasedError);
    });

    it('erases idempotently, reporting the first erasure', async () => {
      await store.getOrCreateKey(subject, tenant);
      const first = await store.erase(subject, tenant);
      const second = await store.erase(subject, tenant);
      const third = await (await fresh()).erase(subject, tenant);
      expect(second).toEqual({ erasedNow: false, erasedAt: first.erasedAt });
      expect(third).toEqual({ erasedNow: false, erasedAt: first.erasedAt });
    });

    it('does not let another tenant erase a subject', async () => {
      const token = await cipher.encrypt(subject, tenant, 'Maria');
      await expect(store.erase(subject, 'tenant-other')).rejects.toThrow(SubjectTenantMismatchError);
      expect(await row(subject)).toMatchObject({ key_bytes: 60, erased_at: null });
      expect(await cipher.decrypt(subject, token)).toBe('Maria');
    });

    it('records the erasure of a subject that had no key, so that none can be created later', async () => {
      expect((await store.erase(subject, tenant)).erasedNow).toBe(true);
      expect(await row(subject)).toMatchObject({ tenant_id: tenant, key_bytes: null });
      await expect(store.getOrCreateKey(subject, tenant)).rejects.toThrow(SubjectErasedError);
      await expect((await fresh()).getOrCreateKey(subject, tenant)).rejects.toThrow(SubjectErasedError);
    });

    it('erases inside the caller transaction: nothing happens if it rolls back', async () => {
      const token = await cipher.encrypt(subject, tenant, 'Maria');
      await expect(
        driver.transaction(async (tx) => {
          expect((await store.erase(subject, tenant, tx)).erasedNow).toBe(true);
          expect(await store.getKey(subject, tx)).toBe('erased');
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await cipher.decrypt(subject, token)).toBe('Maria');
      await driver.transaction((tx) => store.erase(subject, tenant, tx));
      expect(await cipher.decrypt(subject, token)).toBe(ERASED);
    });

    it('fails clearly with the wrong master key, or one of another id', async () => {
      const token = await cipher.encrypt(subject, tenant, 'Maria');
      const wrong = await fresh(MasterKey.generate('k1'));
      await expect(wrong.getKey(subject)).rejects.toThrow(MasterKeyMismatchError);
      await expect(wrong.getKey(subject)).rejects.toThrow(/wrong master key/);
      await expect(new PiiCipher(wrong, master).decrypt(subject, token)).rejects.toThrow(MasterKeyMismatchError);
      const otherId = await fresh(MasterKey.generate('k2'));
      await expect(otherId.getKey(subject)).rejects.toThrow(/wrapped under master key 'k1', but only 'k2' configured/);
    });

    it('reads keys wrapped under a retired master key and wraps new ones under the current', async () => {
      const token = await cipher.encrypt(subject, tenant, 'Maria');
      const next = MasterKey.generate('k2');
      const rotated = await fresh(next, { retiredMasterKeys: [master] });
      expect(await new PiiCipher(rotated, next).decrypt(subject, token)).toBe('Maria');
      const newcomer = randomUUID();
      const newToken = await new PiiCipher(rotated, next).encrypt(newcomer, tenant, 'Ana');
      expect(newToken.startsWith('pii:v1:k2:')).toBe(true);
      expect(await row(newcomer)).toMatchObject({ kek_id: 'k2' });
    });

    it('rejects a token of another subject', async () => {
      const token = await cipher.encrypt(subject, tenant, 'Maria');
      const other = randomUUID();
      await cipher.encrypt(other, tenant, 'Ana');
      await expect(cipher.decrypt(other, token)).rejects.toThrow(PiiTokenError);
    });
  });
}
