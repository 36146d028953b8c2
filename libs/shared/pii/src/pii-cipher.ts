import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { StoreTransaction } from '@collections/shared-event-store';
import { PiiPathError, PiiTokenError } from './errors';
import type { SubjectKey, SubjectKeyProvider } from './key-store';
import type { MasterKey } from './master-key';

/** What a token decrypts to once the subject's key was destroyed (LGPD art. 18, VI). Compare with `===` or isErased. */
export interface Erased {
  readonly erased: true;
}
export const ERASED: Erased = Object.freeze({ erased: true as const });
export const ERASED_DISPLAY = '[erased]';

export function isErased(value: unknown): value is Erased {
  return value === ERASED;
}

/** What can be encrypted: anything JSON can carry but null/undefined (nothing personal in them). */
export type PiiPlainValue = string | number | boolean | object;

export const PII_TOKEN_PREFIX = 'pii:v1:';
const TOKEN = /^pii:v1:([A-Za-z0-9_-]{1,32}):([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]*)\.([A-Za-z0-9_-]{22})$/;
const IV_BYTES = 12;

/** True for a string shaped like a token of this module (`pii:v1:<kekId>:<iv>.<ciphertext>.<tag>`). */
export function isPiiToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN.test(value);
}

/** Deep copy of `value` with every ERASED replaced by '[erased]', for screens, exports and logs of read models. */
export function displayErased<T>(value: T): T {
  return mapDeep(value) as T;
}

function mapDeep(value: unknown): unknown {
  if (value === ERASED) return ERASED_DISPLAY;
  if (Array.isArray(value)) return value.map(mapDeep);
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapDeep(v)]));
  }
  return value;
}

/**
 * Field-level encryption of personal data (CPF/CNPJ, names, phones, e-mails,
 * addresses) under the data key of its subject, so that destroying that one key
 * erases the subject everywhere the tokens went: events, read models, Kafka topics,
 * backups (LGPD art. 18, VI), without rewriting any event (the hash chain covers the
 * tokens, which never change).
 *
 * A token is `pii:v1:<kekId>:<base64url iv>.<base64url ciphertext>.<base64url tag>`:
 * AES-256-GCM of the value's JSON, random 96-bit IV (the same value gives a different
 * token each time, so tokens reveal no equality), the subject id as additional
 * authenticated data (a token copied to another subject fails to decrypt). `kekId` is
 * the master key that wrapped the subject's key when the token was made: informative
 * (finding data written before a rotation); decryption always uses the subject's key.
 */
export class PiiCipher {
  private readonly blindIndexKey: Buffer;

  constructor(
    private readonly keys: SubjectKeyProvider,
    masterKey: MasterKey,
  ) {
    this.blindIndexKey = masterKey.deriveKey('blind-index/v1');
  }

  /** Encrypts one value for the subject (creating its key on first use, in `transaction` when given). */
  async encrypt(subjectId: string, tenantId: string, value: PiiPlainValue, transaction?: StoreTransaction): Promise<string> {
    const key = await this.keys.getOrCreateKey(subjectId, tenantId, transaction);
    return seal(key, value);
  }

  /** The value, or ERASED when the subject's key was destroyed. Throws PiiTokenError for a bad or foreign token. */
  async decrypt(subjectId: string, token: string, transaction?: StoreTransaction): Promise<unknown> {
    const key = await this.keyForReading(subjectId, transaction);
    return key === 'erased' ? ERASED : open(key, subjectId, token);
  }

  /** As decrypt, with ERASED shown as '[erased]' (for display). */
  async revealOrErased(subjectId: string, token: string, transaction?: StoreTransaction): Promise<unknown> {
    const value = await this.decrypt(subjectId, token, transaction);
    return value === ERASED ? ERASED_DISPLAY : value;
  }

  /**
   * A copy of `obj` with the values at `paths` replaced by tokens. Paths are dot
   * paths; `[]` after a name walks every element of that array:
   * `['document', 'name', 'contactPoints[].value', 'addresses[]']`.
   * Missing and null values are left as they are (a value that is already a token is
   * encrypted again: never pass an encrypted object); a path that
   * meets the wrong shape (a scalar where an object or array is expected) throws,
   * since a field would otherwise be stored in clear. The key is fetched once, and
   * only if there is something to encrypt (else `obj` itself is returned).
   *
   * The static type is unchanged: at runtime the fields at `paths` hold token strings.
   */
  async encryptPaths<T extends object>(
    obj: T,
    paths: readonly string[],
    subjectId: string,
    tenantId: string,
    transaction?: StoreTransaction,
  ): Promise<T> {
    const parsed = [...new Set(paths)].map(parsePath);
    const needsKey = parsed.some((path) => someLeaf(obj, path, 0, (leaf) => leaf !== undefined && leaf !== null, true));
    if (!needsKey) return obj;
    const key = await this.keys.getOrCreateKey(subjectId, tenantId, transaction);
    let result: unknown = obj;
    for (const path of parsed) {
      result = mapLeaves(result, path, 0, (leaf) => (leaf === undefined || leaf === null ? leaf : seal(key, leaf as PiiPlainValue)), true);
    }
    return result as T;
  }

  /**
   * A copy of `obj` with the tokens at `paths` decrypted, or ERASED once the subject
   * was erased. Lenient about shape (old events may lack a field); values that are not
   * tokens are left as they are (`obj` itself is returned when there is no token).
   *
   * The static type is unchanged: at runtime the fields at `paths` may hold ERASED
   * (check with isErased, or pass the result through displayErased).
   */
  async decryptPaths<T extends object>(
    obj: T,
    paths: readonly string[],
    subjectId: string,
    transaction?: StoreTransaction,
  ): Promise<T> {
    const parsed = [...new Set(paths)].map(parsePath);
    if (!parsed.some((path) => someLeaf(obj, path, 0, isPiiToken, false))) return obj;
    const key = await this.keyForReading(subjectId, transaction);
    let result: unknown = obj;
    const reveal = (leaf: unknown): unknown => {
      if (!isPiiToken(leaf)) return leaf;
      return key === 'erased' ? ERASED : open(key, subjectId, leaf);
    };
    for (const path of parsed) result = mapLeaves(result, path, 0, reveal, false);
    return result as T;
  }

  /**
   * Keyed hash of a value for exact-match lookup (find a debtor by CPF) without
   * storing the value in clear: HMAC-SHA256 under a key derived from the master key
   * (HKDF), scoped by tenant. Normalise first (e.g. CPF digits only).
   *
   * It is pseudonymous data, still personal data under the LGPD: unlike tokens it does
   * not die with the subject's key, so on erasure (art. 18, VI) the service must
   * delete it (or ignore it) itself. It is tied to the master key: rotating that key
   * means recomputing the stored indexes.
   */
  blindIndex(value: string, tenantId: string): string {
    return createHmac('sha256', this.blindIndexKey).update(`${tenantId}\u001f${value.normalize('NFC')}`, 'utf8').digest('base64url');
  }

  private async keyForReading(subjectId: string, transaction: StoreTransaction | undefined): Promise<SubjectKey | 'erased'> {
    const key = await this.keys.getKey(subjectId, transaction);
    if (key === undefined) throw new PiiTokenError(subjectId, 'the subject has no data key (token of another subject, or keys lost)');
    return key;
  }
}

function seal(key: SubjectKey, value: PiiPlainValue): string {
  const json = toJson(value);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(Buffer.from(key.subjectId, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `${PII_TOKEN_PREFIX}${key.kekId}:${iv.toString('base64url')}.${ciphertext.toString('base64url')}.${tag.toString('base64url')}`;
}

function open(key: SubjectKey, subjectId: string, token: string): unknown {
  const match = TOKEN.exec(token);
  if (!match) throw new PiiTokenError(subjectId, 'not a PII token');
  const [, , iv, ciphertext, tag] = match as unknown as [string, string, string, string, string];
  let json: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(subjectId, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    json = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new PiiTokenError(subjectId, 'authentication failed (the token was altered, or belongs to another subject)');
  }
  return JSON.parse(json) as unknown;
}

function toJson(value: PiiPlainValue): string {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('cannot encrypt a non-finite number');
  const kind = typeof value;
  if (kind !== 'string' && kind !== 'number' && kind !== 'boolean' && (kind !== 'object' || value === null)) {
    throw new TypeError(`cannot encrypt a value of type ${kind}`);
  }
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError('value has no JSON form');
  return json;
}

interface Segment {
  readonly name: string;
  readonly each: boolean;
}

function parsePath(path: string): readonly Segment[] {
  const segments = path.split('.').map((part) => {
    const match = /^([^[\]]+)(\[\])?$/.exec(part);
    if (!match?.[1]) throw new PiiPathError(`bad PII path '${path}' (use dot paths, '[]' for arrays: 'contactPoints[].value')`);
    return { name: match[1], each: match[2] !== undefined };
  });
  return segments;
}

/** Walks to the object holding the field of `path[index]`; `strict` throws on a wrong shape. */
function childOf(
  node: unknown,
  path: readonly Segment[],
  index: number,
  strict: boolean,
): { record: Record<string, unknown>; segment: Segment } | undefined {
  const segment = path[index]!;
  if (node === undefined || node === null) return undefined;
  if (typeof node !== 'object' || Array.isArray(node)) {
    if (strict) throw new PiiPathError(`PII path '${describePath(path)}': expected an object before '${segment.name}'`);
    return undefined;
  }
  const record = node as Record<string, unknown>;
  if (!Object.prototype.hasOwnProperty.call(record, segment.name)) return undefined;
  return { record, segment };
}

function elementsOf(value: unknown, path: readonly Segment[], segment: Segment, strict: boolean): readonly unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    if (strict) throw new PiiPathError(`PII path '${describePath(path)}': expected an array at '${segment.name}'`);
    return undefined;
  }
  return value;
}

function mapLeaves(node: unknown, path: readonly Segment[], index: number, fn: (leaf: unknown) => unknown, strict: boolean): unknown {
  if (index === path.length) return fn(node);
  const found = childOf(node, path, index, strict);
  if (!found) return node;
  const { record, segment } = found;
  const child = record[segment.name];
  let next: unknown;
  if (segment.each) {
    const elements = elementsOf(child, path, segment, strict);
    if (!elements) return node;
    next = elements.map((element) => mapLeaves(element, path, index + 1, fn, strict));
  } else {
    next = mapLeaves(child, path, index + 1, fn, strict);
  }
  return next === child ? node : { ...record, [segment.name]: next };
}

function someLeaf(node: unknown, path: readonly Segment[], index: number, test: (leaf: unknown) => boolean, strict: boolean): boolean {
  if (index === path.length) return test(node);
  const found = childOf(node, path, index, strict);
  if (!found) return false;
  const { record, segment } = found;
  const child = record[segment.name];
  if (!segment.each) return someLeaf(child, path, index + 1, test, strict);
  const elements = elementsOf(child, path, segment, strict);
  return elements ? elements.some((element) => someLeaf(element, path, index + 1, test, strict)) : false;
}

function describePath(path: readonly Segment[]): string {
  return path.map((s) => `${s.name}${s.each ? '[]' : ''}`).join('.');
}
