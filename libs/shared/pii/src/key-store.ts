import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { runMigrations, type Migration, type SqlDriver, type StoreTransaction } from '@collections/shared-event-store';
import { MasterKeyMismatchError, SubjectErasedError, SubjectTenantMismatchError } from './errors';
import type { MasterKey } from './master-key';

export const PII_MIGRATIONS_TABLE = 'pii_schema_migrations';

/**
 * One row per data subject (a debtor): its data key wrapped under the master key.
 * Erasure (LGPD art. 18, VI) sets wrapped_key to NULL: every ciphertext of the subject,
 * in the event store, read models and backups alike, becomes unreadable at once,
 * while the events themselves, and so their hash chain, stay untouched. The row is
 * kept as a tombstone so that no new key can ever be created for the subject.
 */
export const PII_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'pii subject keys',
    sql: `
CREATE TABLE pii_subject_keys (
  subject_id   text PRIMARY KEY,
  tenant_id    text        NOT NULL,
  -- id of the master key (KEK) wrapped_key is wrapped under, for rotation
  kek_id       text        NOT NULL,
  -- iv (12) | tag (16) | AES-256-GCM ciphertext of the 32-byte data key; NULL once erased
  wrapped_key  bytea       NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  erased_at    timestamptz NULL,
  CONSTRAINT pii_subject_keys_erased_xor_key CHECK ((wrapped_key IS NULL) = (erased_at IS NOT NULL))
);
CREATE INDEX pii_subject_keys_tenant_idx ON pii_subject_keys (tenant_id);
`,
  },
];

export function runPiiMigrations(driver: SqlDriver): Promise<number[]> {
  return runMigrations(driver, PII_MIGRATIONS, PII_MIGRATIONS_TABLE);
}

/** A subject's unwrapped data key. Never log, serialise or persist `key`. */
export interface SubjectKey {
  readonly subjectId: string;
  readonly tenantId: string;
  /** The master key the data key is wrapped under (recorded in the tokens it produces). */
  readonly kekId: string;
  /** AES-256 data key. */
  readonly key: KeyObject;
}

/** What the cipher needs from a key store; PiiKeyStore (SQL) and InMemoryPiiKeyStore (tests) provide it. */
export interface SubjectKeyProvider {
  /** The subject's key, created on first use. Throws SubjectErasedError / SubjectTenantMismatchError. */
  getOrCreateKey(subjectId: string, tenantId: string, transaction?: StoreTransaction): Promise<SubjectKey>;
  /** The subject's key; 'erased' once erased; undefined when it never had one. */
  getKey(subjectId: string, transaction?: StoreTransaction): Promise<SubjectKey | 'erased' | undefined>;
}

export interface EraseResult {
  /** True when this call erased the key (or recorded the erasure of a subject without one); false when it was erased already. */
  readonly erasedNow: boolean;
  readonly erasedAt: Date;
}

export interface PiiKeyStoreOptions {
  /** Run the schema migrations when opened. Default true. */
  readonly migrate?: boolean;
  /** Unwrapped keys kept in memory (LRU). Default 10,000; 0 disables the cache. */
  readonly cacheSize?: number;
  /**
   * How long an unwrapped key is served from memory. Bounds how long another instance
   * can still decrypt after an erasure committed elsewhere (this instance drops its
   * copy at once). Default 60 s.
   */
  readonly cacheTtlMs?: number;
  /** Older master keys, to unwrap keys wrapped before a rotation (new keys use the current one). */
  readonly retiredMasterKeys?: readonly MasterKey[];
}

interface KeyRow {
  subject_id: string;
  tenant_id: string;
  kek_id: string;
  /** base64, so that both engines hand back the same type (node-postgres: Buffer, PGlite: Uint8Array). */
  wrapped_key: string | null;
  erased_at: Date | string | null;
}

type CacheEntry = { readonly expiresAt: number } & (
  | { readonly erased: true; readonly tenantId: string }
  | { readonly erased: false; readonly key: SubjectKey }
);

const COLUMNS = `subject_id, tenant_id, kek_id, encode(wrapped_key, 'base64') AS wrapped_key, erased_at`;
const DATA_KEY_BYTES = 32;
const MAX_SUBJECT_ID_LENGTH = 200;

/**
 * Per-subject data keys in PostgreSQL (server or PGlite), wrapped by the master key.
 *
 * Consistency rules:
 * - A key created inside a caller's transaction is not cached: the transaction may
 *   still roll back, and a cached key that exists nowhere else would encrypt data no
 *   one could ever read. Only committed state enters the cache.
 * - Creation is race-safe: INSERT ... ON CONFLICT DO NOTHING, then read the winner.
 * - Erasure is final: the row stays (wrapped_key NULL, erased_at set) and
 *   getOrCreateKey refuses the subject, so a late or retried write cannot create a new
 *   key and bring personal data back.
 */
export class PiiKeyStore implements SubjectKeyProvider {
  private readonly cache = new Map<string, CacheEntry>();
  /** Subjects erased recently by this process: never cached until the erasure has surely committed. */
  private readonly bypass = new Map<string, number>();
  private readonly masterKeys: ReadonlyMap<string, MasterKey>;
  private readonly cacheSize: number;
  private readonly cacheTtlMs: number;

  private constructor(
    private readonly driver: SqlDriver,
    private readonly masterKey: MasterKey,
    options: PiiKeyStoreOptions,
  ) {
    this.cacheSize = options.cacheSize ?? 10_000;
    this.cacheTtlMs = options.cacheTtlMs ?? 60_000;
    const keys = new Map<string, MasterKey>();
    for (const retired of options.retiredMasterKeys ?? []) keys.set(retired.id, retired);
    keys.set(masterKey.id, masterKey);
    this.masterKeys = keys;
  }

  static async open(driver: SqlDriver, masterKey: MasterKey, options: PiiKeyStoreOptions = {}): Promise<PiiKeyStore> {
    if (options.migrate ?? true) await runPiiMigrations(driver);
    return new PiiKeyStore(driver, masterKey, options);
  }

  /** The id of the master key new data keys are wrapped under. */
  get currentKekId(): string {
    return this.masterKey.id;
  }

  async getOrCreateKey(subjectId: string, tenantId: string, transaction?: StoreTransaction): Promise<SubjectKey> {
    checkId('subject id', subjectId);
    checkId('tenant id', tenantId);
    const cached = this.fromCache(subjectId);
    if (cached) {
      if (cached.erased ? cached.tenantId !== tenantId : cached.key.tenantId !== tenantId) {
        throw new SubjectTenantMismatchError(subjectId);
      }
      if (cached.erased) throw new SubjectErasedError(subjectId);
      return cached.key;
    }
    const executor = transaction ?? this.driver;
    let row = await this.select(executor, subjectId);
    if (!row) {
      const dataKey = randomBytes(DATA_KEY_BYTES);
      const wrapped = this.masterKey.wrap(dataKey, wrapContext(subjectId, tenantId));
      dataKey.fill(0);
      [row] = await executor.query<KeyRow>(
        `INSERT INTO pii_subject_keys (subject_id, tenant_id, kek_id, wrapped_key, created_at)
         VALUES ($1, $2, $3, decode($4, 'base64'), now())
         ON CONFLICT (subject_id) DO NOTHING
         RETURNING ${COLUMNS}`,
        [subjectId, tenantId, this.masterKey.id, wrapped.toString('base64')],
      );
      // Lost the race: the winner has committed (ON CONFLICT waited for it); read its key.
      row ??= await this.select(executor, subjectId);
      if (!row) throw new Error(`pii key of subject ${subjectId} neither inserted nor found`);
    }
    if (row.tenant_id !== tenantId) throw new SubjectTenantMismatchError(subjectId);
    const state = this.toState(row);
    if (!transaction) this.remember(subjectId, row.tenant_id, state);
    if (state === 'erased') throw new SubjectErasedError(subjectId);
    return state;
  }

  async getKey(subjectId: string, transaction?: StoreTransaction): Promise<SubjectKey | 'erased' | undefined> {
    checkId('subject id', subjectId);
    const cached = this.fromCache(subjectId);
    if (cached) return cached.erased ? 'erased' : cached.key;
    const row = await this.select(transaction ?? this.driver, subjectId);
    if (!row) return undefined;
    const state = this.toState(row);
    if (!transaction) this.remember(subjectId, row.tenant_id, state);
    return state;
  }

  /**
   * Destroys the subject's data key (LGPD art. 18, IV and VI): every ciphertext of the
   * subject becomes unreadable. Idempotent. A subject without a key gets a tombstone,
   * so that none can be created later. Whether the erasure is allowed at all (the
   * retention duties of LGPD art. 16, e.g. I, legal or regulatory obligation) is the
   * calling service's decision, taken before calling this.
   *
   * Also delete what is derived from the plaintext and not encrypted (blind indexes):
   * that is pseudonymous data, still personal data.
   */
  async erase(subjectId: string, tenantId: string, transaction?: StoreTransaction): Promise<EraseResult> {
    checkId('subject id', subjectId);
    checkId('tenant id', tenantId);
    // Drop the cached key now, and do not cache this subject until the erasure has
    // surely committed (a reader racing with it could otherwise re-cache the live key).
    this.cache.delete(subjectId);
    const now = Date.now();
    for (const [id, until] of this.bypass) if (until <= now) this.bypass.delete(id);
    this.bypass.set(subjectId, now + this.cacheTtlMs);
    const work = async (tx: StoreTransaction): Promise<EraseResult> => {
      let [row] = await tx.query<KeyRow>(`SELECT ${COLUMNS} FROM pii_subject_keys WHERE subject_id = $1 FOR UPDATE`, [subjectId]);
      if (!row) {
        const [inserted] = await tx.query<{ erased_at: Date | string }>(
          `INSERT INTO pii_subject_keys (subject_id, tenant_id, kek_id, wrapped_key, created_at, erased_at)
           VALUES ($1, $2, $3, NULL, now(), now())
           ON CONFLICT (subject_id) DO NOTHING
           RETURNING erased_at`,
          [subjectId, tenantId, this.masterKey.id],
        );
        if (inserted) return { erasedNow: true, erasedAt: new Date(inserted.erased_at) };
        [row] = await tx.query<KeyRow>(`SELECT ${COLUMNS} FROM pii_subject_keys WHERE subject_id = $1 FOR UPDATE`, [subjectId]);
        if (!row) throw new Error(`pii key of subject ${subjectId} neither inserted nor found`);
      }
      if (row.tenant_id !== tenantId) throw new SubjectTenantMismatchError(subjectId);
      if (row.erased_at !== null) return { erasedNow: false, erasedAt: new Date(row.erased_at) };
      const [updated] = await tx.query<{ erased_at: Date | string }>(
        `UPDATE pii_subject_keys SET wrapped_key = NULL, erased_at = now() WHERE subject_id = $1 RETURNING erased_at`,
        [subjectId],
      );
      if (!updated) throw new Error(`pii key of subject ${subjectId} vanished during erasure`);
      return { erasedNow: true, erasedAt: new Date(updated.erased_at) };
    };
    return transaction ? work(transaction) : this.driver.transaction(work);
  }

  /**
   * Erasure NULLs the wrapped key, but PostgreSQL keeps the old row version (with the
   * key's bytes) in the table file until it is vacuumed, and a plain VACUUM only marks
   * that space free. This rewrites the table (VACUUM FULL: a brief exclusive lock on a
   * small table, one row per subject) so the erased keys' bytes are gone from it. The
   * write-ahead log and backups still hold them until they are recycled or expire: the
   * erasure is complete on disk when the oldest backup taken before it is gone.
   */
  async compactAfterErasure(): Promise<void> {
    await this.driver.exec('VACUUM (FULL) pii_subject_keys');
  }

  /** Forgets every cached key (e.g. after a restore from backup). */
  clearCache(): void {
    this.cache.clear();
  }

  /**
   * getOrCreateKey for many subjects of one tenant in two statements (bulk imports):
   * the keys land in the cache, so encryption right after needs no query. Subjects
   * already erased or belonging to another tenant are left out (getOrCreateKey on them
   * still throws as usual).
   */
  async prepareKeys(subjectIds: readonly string[], tenantId: string): Promise<void> {
    checkId('tenant id', tenantId);
    const missing = [...new Set(subjectIds)].filter((id) => !this.fromCache(id));
    if (missing.length === 0) return;
    missing.forEach((id) => checkId('subject id', id));
    const fresh = missing.map((subjectId) => {
      const dataKey = randomBytes(DATA_KEY_BYTES);
      const wrapped = this.masterKey.wrap(dataKey, wrapContext(subjectId, tenantId));
      dataKey.fill(0);
      return { subject_id: subjectId, wrapped_key: wrapped.toString('base64') };
    });
    await this.driver.query(
      `INSERT INTO pii_subject_keys (subject_id, tenant_id, kek_id, wrapped_key, created_at)
       SELECT k.subject_id, $1, $2, decode(k.wrapped_key, 'base64'), now()
         FROM jsonb_to_recordset($3::jsonb) AS k(subject_id text, wrapped_key text)
       ON CONFLICT (subject_id) DO NOTHING`,
      [tenantId, this.masterKey.id, JSON.stringify(fresh)],
    );
    const rows = await this.driver.query<KeyRow>(
      `SELECT ${COLUMNS} FROM pii_subject_keys WHERE subject_id IN (${missing.map((_, i) => `$${i + 1}`).join(', ')})`,
      missing,
    );
    for (const row of rows) if (row.tenant_id === tenantId) this.remember(row.subject_id, row.tenant_id, this.toState(row));
  }

  private select(executor: StoreTransaction, subjectId: string): Promise<KeyRow | undefined> {
    return executor
      .query<KeyRow>(`SELECT ${COLUMNS} FROM pii_subject_keys WHERE subject_id = $1`, [subjectId])
      .then((rows) => rows[0]);
  }

  private toState(row: KeyRow): SubjectKey | 'erased' {
    if (row.wrapped_key === null || row.erased_at !== null) return 'erased';
    const master = this.masterKeys.get(row.kek_id);
    if (!master) {
      throw new MasterKeyMismatchError(
        row.subject_id,
        row.kek_id,
        `The data key of subject ${row.subject_id} is wrapped under master key '${row.kek_id}', but only ` +
          `${[...this.masterKeys.keys()].map((id) => `'${id}'`).join(', ')} configured (PII_MASTER_KEY_ID); ` +
          'configure that key (as current or retired) to read it',
      );
    }
    const dataKey = master.unwrap(Buffer.from(row.wrapped_key, 'base64'), wrapContext(row.subject_id, row.tenant_id));
    if (!dataKey || dataKey.length !== DATA_KEY_BYTES) {
      throw new MasterKeyMismatchError(
        row.subject_id,
        row.kek_id,
        `Cannot unwrap the data key of subject ${row.subject_id} with master key '${row.kek_id}': ` +
          'PII_MASTER_KEY is not the key it was wrapped with (wrong master key), or the key row was altered',
      );
    }
    const key = createSecretKey(dataKey);
    dataKey.fill(0);
    return { subjectId: row.subject_id, tenantId: row.tenant_id, kekId: row.kek_id, key };
  }

  private fromCache(subjectId: string): CacheEntry | undefined {
    const entry = this.cache.get(subjectId);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now() || this.bypass.has(subjectId)) {
      this.cache.delete(subjectId);
      return undefined;
    }
    // LRU: move to the most recent end of the Map's insertion order.
    this.cache.delete(subjectId);
    this.cache.set(subjectId, entry);
    return entry;
  }

  private remember(subjectId: string, tenantId: string, state: SubjectKey | 'erased'): void {
    if (this.cacheSize <= 0) return;
    const until = this.bypass.get(subjectId);
    if (until !== undefined) {
      if (until > Date.now()) return;
      this.bypass.delete(subjectId);
    }
    const expiresAt = Date.now() + this.cacheTtlMs;
    // An erased subject cannot come back: its state may be cached like a key.
    this.cache.set(
      subjectId,
      state === 'erased' ? { erased: true, tenantId, expiresAt } : { erased: false, key: state, expiresAt },
    );
    while (this.cache.size > this.cacheSize) {
      const oldest = this.cache.keys().next();
      if (oldest.done) break;
      this.cache.delete(oldest.value);
    }
  }
}

/** The wrapped key is bound to its subject and tenant: copied to another row, it does not unwrap. */
function wrapContext(subjectId: string, tenantId: string): string {
  return `pii-data-key:v1\u001f${tenantId}\u001f${subjectId}`;
}

function checkId(what: string, id: string): void {
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_SUBJECT_ID_LENGTH) {
    throw new RangeError(`${what} must be a non-empty string of at most ${MAX_SUBJECT_ID_LENGTH} characters`);
  }
}
