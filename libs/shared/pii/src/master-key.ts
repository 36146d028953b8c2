import {
  createCipheriv,
  createDecipheriv,
  createSecretKey,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { MasterKeyConfigError } from './errors';

export const MASTER_KEY_BYTES = 32;
export const DEFAULT_MASTER_KEY_ID = 'k1';
/** The id of the key `loadOrCreateDevMasterKey` generates: never mistaken for a production key id. */
export const DEV_MASTER_KEY_ID = 'dev';
export const DEV_MASTER_KEY_FILE = 'dev-pii-master-key';

/** Key ids go into PII tokens (`pii:v1:<kekId>:...`) and the key table: no separators allowed. */
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SEP = '\u001f';

/**
 * The key-encryption key (KEK) that wraps every subject's data key. It comes from
 * configuration (a secret manager in production), never from the database, so that a
 * database dump alone reveals no personal data, and so that destroying a subject's
 * wrapped key in the database is enough to make its data unreadable (LGPD art. 18, VI).
 *
 * The id is recorded with every wrapped key so that the master key can be rotated
 * later: keys wrapped under an older id are unwrapped with the retired key and
 * re-wrapped under the new one.
 *
 * The bytes live in a KeyObject and are never printed (toJSON / inspect show the id).
 */
export class MasterKey {
  private readonly secret: KeyObject;

  private constructor(
    readonly id: string,
    bytes: Buffer,
  ) {
    this.secret = createSecretKey(bytes);
  }

  /** `base64`: 32 bytes in standard base64 (`openssl rand -base64 32`). */
  static fromBase64(base64: string, id: string = DEFAULT_MASTER_KEY_ID): MasterKey {
    const keyId = checkKeyId(id);
    const text = base64.trim();
    const bytes = Buffer.from(text, 'base64');
    // Buffer.from ignores what is not base64: check the text round-trips, or a typo
    // would silently give a different (shorter) key.
    if (!BASE64.test(text) || bytes.toString('base64') !== text) {
      throw new MasterKeyConfigError(`PII master key ${keyId} is not valid base64 (expected base64 of ${MASTER_KEY_BYTES} random bytes)`);
    }
    if (bytes.length !== MASTER_KEY_BYTES) {
      throw new MasterKeyConfigError(
        `PII master key ${keyId} has ${bytes.length} bytes, expected ${MASTER_KEY_BYTES} (generate one with: openssl rand -base64 32)`,
      );
    }
    return new MasterKey(keyId, bytes);
  }

  /** A fresh random key (tests, and the embedded mode's first start). */
  static generate(id: string = DEFAULT_MASTER_KEY_ID): MasterKey {
    return new MasterKey(checkKeyId(id), randomBytes(MASTER_KEY_BYTES));
  }

  /**
   * AES-256-GCM of `plaintext` under this key: iv (12) | tag (16) | ciphertext.
   * `context` is authenticated, not encrypted: it binds the wrapped bytes to their
   * owner, so that a wrapped key copied to another row does not unwrap there.
   */
  wrap(plaintext: Buffer, context: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.secret, iv);
    cipher.setAAD(this.aad(context));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
  }

  /** The inverse of `wrap`; undefined when the key or context is wrong or the bytes were altered. */
  unwrap(wrapped: Buffer, context: string): Buffer | undefined {
    if (wrapped.length <= IV_BYTES + TAG_BYTES) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.secret, wrapped.subarray(0, IV_BYTES));
      decipher.setAAD(this.aad(context));
      decipher.setAuthTag(wrapped.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(wrapped.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    } catch {
      return undefined;
    }
  }

  /**
   * A key for another purpose (e.g. the blind index HMAC), derived with HKDF-SHA256 so
   * that the master key itself is used for wrapping only. Distinct purposes give
   * independent keys.
   */
  deriveKey(purpose: string, length = 32): Buffer {
    return Buffer.from(hkdfSync('sha256', this.secret, Buffer.alloc(0), `collections/pii/${purpose}`, length));
  }

  toJSON(): { readonly id: string } {
    return { id: this.id };
  }

  [inspect.custom](): string {
    return `MasterKey { id: '${this.id}' }`;
  }

  private aad(context: string): Buffer {
    return Buffer.from(`${this.id}${SEP}${context}`, 'utf8');
  }
}

/**
 * The master key from configuration: `PII_MASTER_KEY` (base64 of 32 random bytes) and
 * `PII_MASTER_KEY_ID` (default `k1`). Throws MasterKeyConfigError with what is wrong,
 * never with the value.
 */
export function masterKeyFromEnv(env: NodeJS.ProcessEnv = process.env): MasterKey {
  const value = env['PII_MASTER_KEY'];
  const id = env['PII_MASTER_KEY_ID']?.trim() || DEFAULT_MASTER_KEY_ID;
  if (!value || !value.trim()) {
    throw new MasterKeyConfigError(
      'PII_MASTER_KEY is not set: it must hold base64 of 32 random bytes (openssl rand -base64 32); ' +
        'personal data cannot be stored without it',
    );
  }
  return MasterKey.fromBase64(value, id);
}

/**
 * FOR THE EMBEDDED / DEMO MODE ONLY. A master key generated on first start into
 * `<dir>/dev-pii-master-key` (mode 0600) and reused afterwards, so that the product
 * can be tried without configuring a secret. The key sits next to the data it
 * protects, so it protects nothing against whoever can read that directory; a real
 * deployment sets PII_MASTER_KEY from a secret manager (see masterKeyFromEnv).
 * Losing the file makes every stored personal field unreadable.
 */
export async function loadOrCreateDevMasterKey(dir: string, id: string = DEV_MASTER_KEY_ID): Promise<MasterKey> {
  const file = join(dir, DEV_MASTER_KEY_FILE);
  const existing = await readKeyFile(file);
  if (existing !== undefined) return MasterKey.fromBase64(existing, id);
  await mkdir(dir, { recursive: true });
  // Write a temporary file, then link it into place: link fails if the file exists, so
  // two processes starting together agree on one key and nobody reads a half-written file.
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, `${randomBytes(MASTER_KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, file);
  } catch (error) {
    if (!isErrno(error, 'EEXIST')) throw error;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
  const created = await readKeyFile(file);
  if (created === undefined) throw new MasterKeyConfigError(`could not create the dev PII master key at ${file}`);
  return MasterKey.fromBase64(created, id);
}

async function readKeyFile(file: string): Promise<string | undefined> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
}

function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

function checkKeyId(id: string): string {
  if (!KEY_ID.test(id)) {
    throw new MasterKeyConfigError(`PII master key id '${id}' is invalid: use 1 to 32 of A-Z a-z 0-9 _ -`);
  }
  return id;
}
