import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { MasterKeyConfigError } from './errors';
import { DEV_MASTER_KEY_FILE, MasterKey, loadOrCreateDevMasterKey, masterKeyFromEnv } from './master-key';

describe('MasterKey', () => {
  const base64 = randomBytes(32).toString('base64');

  it('reads base64 of 32 bytes, with the default id k1', () => {
    const key = MasterKey.fromBase64(base64);
    expect(key.id).toBe('k1');
    expect(MasterKey.fromBase64(` ${base64}\n`, 'k7').id).toBe('k7');
  });

  it('refuses a key of the wrong length, saying how long it is and how to make one', () => {
    const short = randomBytes(16).toString('base64');
    expect(() => MasterKey.fromBase64(short)).toThrow(MasterKeyConfigError);
    expect(() => MasterKey.fromBase64(short)).toThrow(/16 bytes, expected 32.*openssl rand -base64 32/);
  });

  it('refuses text that is not base64, without echoing the value', () => {
    const bad = `${base64.slice(0, 20)}!${base64.slice(21)}`;
    expect(() => MasterKey.fromBase64(bad)).toThrow(/not valid base64/);
    try {
      MasterKey.fromBase64(bad);
    } catch (error) {
      expect((error as Error).message).not.toContain(bad);
    }
  });

  it('refuses a key id that cannot go into a token', () => {
    expect(() => MasterKey.fromBase64(base64, 'k:1')).toThrow(/key id 'k:1' is invalid/);
    expect(() => MasterKey.fromBase64(base64, '')).toThrow(MasterKeyConfigError);
  });

  it('comes from PII_MASTER_KEY and PII_MASTER_KEY_ID, with a clear error when unset', () => {
    expect(masterKeyFromEnv({ PII_MASTER_KEY: base64 }).id).toBe('k1');
    expect(masterKeyFromEnv({ PII_MASTER_KEY: base64, PII_MASTER_KEY_ID: 'k2' }).id).toBe('k2');
    expect(() => masterKeyFromEnv({})).toThrow(/PII_MASTER_KEY is not set/);
    expect(() => masterKeyFromEnv({ PII_MASTER_KEY: 'c2hvcnQ=' })).toThrow(/5 bytes, expected 32/);
  });

  it('wraps and unwraps; the wrong master key, context or altered bytes give nothing', () => {
    const key = MasterKey.fromBase64(base64);
    const secret = randomBytes(32);
    const wrapped = key.wrap(secret, 'subject-1');
    expect(wrapped.length).toBe(12 + 16 + 32);
    expect(key.unwrap(wrapped, 'subject-1')).toEqual(secret);
    expect(key.wrap(secret, 'subject-1').equals(wrapped)).toBe(false); // random IV
    expect(MasterKey.generate().unwrap(wrapped, 'subject-1')).toBeUndefined();
    expect(key.unwrap(wrapped, 'subject-2')).toBeUndefined();
    const altered = Buffer.from(wrapped);
    altered[40] = altered[40]! ^ 1;
    expect(key.unwrap(altered, 'subject-1')).toBeUndefined();
    expect(key.unwrap(Buffer.alloc(10), 'subject-1')).toBeUndefined();
    // The id is authenticated too: the same bytes under another id do not unwrap.
    expect(MasterKey.fromBase64(base64, 'k2').unwrap(wrapped, 'subject-1')).toBeUndefined();
  });

  it('derives independent keys per purpose, stable for one master key', () => {
    const key = MasterKey.fromBase64(base64);
    expect(key.deriveKey('a')).toEqual(MasterKey.fromBase64(base64).deriveKey('a'));
    expect(key.deriveKey('a')).not.toEqual(key.deriveKey('b'));
    expect(key.deriveKey('a')).not.toEqual(MasterKey.generate().deriveKey('a'));
  });

  it('never prints its bytes', () => {
    const key = MasterKey.fromBase64(base64);
    const hex = Buffer.from(base64, 'base64').toString('hex');
    for (const text of [JSON.stringify(key), inspect(key, { showHidden: true, depth: 5 }), String(key)]) {
      expect(text).not.toContain(base64);
      expect(text).not.toContain(hex);
    }
  });
});

describe('loadOrCreateDevMasterKey', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pii-dev-key-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('generates the key once (mode 0600) and reuses it afterwards', async () => {
    const first = await loadOrCreateDevMasterKey(join(dir, 'data'));
    const file = join(dir, 'data', DEV_MASTER_KEY_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(Buffer.from((await readFile(file, 'utf8')).trim(), 'base64')).toHaveLength(32);
    const again = await loadOrCreateDevMasterKey(join(dir, 'data'));
    expect(first.id).toBe('dev');
    expect(again.unwrap(first.wrap(Buffer.from('x'), 'c'), 'c')).toEqual(Buffer.from('x'));
  });

  it('agrees on one key when several starts race', async () => {
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateDevMasterKey(dir)));
    const wrapped = keys[0]!.wrap(Buffer.from('x'), 'c');
    for (const key of keys) expect(key.unwrap(wrapped, 'c')).toEqual(Buffer.from('x'));
  });
});
