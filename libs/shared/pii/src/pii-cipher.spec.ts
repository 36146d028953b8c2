import { randomUUID } from 'node:crypto';
import { PiiPathError, PiiTokenError, SubjectErasedError, SubjectTenantMismatchError } from './errors';
import { InMemoryPiiKeyStore } from './in-memory-key-store';
import { MasterKey } from './master-key';
import { ERASED, ERASED_DISPLAY, PiiCipher, displayErased, isErased, isPiiToken } from './pii-cipher';

/** Changes one character in the middle of the token's n-th dot-separated part (0: iv, 1: ciphertext, 2: tag). */
function alter(token: string, part: number): string {
  const head = token.slice(0, token.lastIndexOf(':') + 1);
  const parts = token.slice(head.length).split('.');
  const text = parts[part]!;
  const at = Math.floor(text.length / 2);
  parts[part] = text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
  return head + parts.join('.');
}

describe('PiiCipher', () => {
  const master = MasterKey.generate('k1');
  let keys: InMemoryPiiKeyStore;
  let cipher: PiiCipher;
  let subject: string;
  const tenant = 'tenant-a';

  beforeEach(() => {
    keys = new InMemoryPiiKeyStore('k1');
    cipher = new PiiCipher(keys, master);
    subject = randomUUID();
  });

  it.each([
    ['a string', '123.456.789-09'],
    ['a unicode string', 'João da Conceição Ñandú 🙂'],
    ['an empty string', ''],
    ['a number', 42.5],
    ['a boolean', true],
    ['an object', { street: 'Rua A', number: 10, lines: ['apto 3', null], geo: { lat: -23.5 } }],
    ['an array', ['+55 11 91234-5678', '+55 11 3333-4444']],
  ])('round-trips %s', async (_label, value) => {
    const token = await cipher.encrypt(subject, tenant, value);
    expect(isPiiToken(token)).toBe(true);
    expect(token.startsWith('pii:v1:k1:')).toBe(true);
    expect(await cipher.decrypt(subject, token)).toEqual(value);
  });

  it('gives a different token each time for the same value, none containing it', async () => {
    const tokens = await Promise.all(Array.from({ length: 20 }, () => cipher.encrypt(subject, tenant, 'Maria Silva')));
    expect(new Set(tokens).size).toBe(20);
    for (const token of tokens) expect(token).not.toMatch(/Maria|Silva/);
  });

  it('refuses values that have no JSON form', async () => {
    await expect(cipher.encrypt(subject, tenant, Number.NaN)).rejects.toThrow(/non-finite/);
    await expect(cipher.encrypt(subject, tenant, (() => 1) as unknown as object)).rejects.toThrow(TypeError);
  });

  it('rejects an altered token (iv, ciphertext or tag) and a malformed one', async () => {
    const token = await cipher.encrypt(subject, tenant, '123.456.789-09');
    for (const part of [0, 1, 2]) {
      const altered = alter(token, part);
      expect(altered).not.toBe(token);
      await expect(cipher.decrypt(subject, altered)).rejects.toThrow(PiiTokenError);
    }
    await expect(cipher.decrypt(subject, `${token}x`)).rejects.toThrow(/not a PII token/);
    await expect(cipher.decrypt(subject, 'pii:v1:k1:garbage')).rejects.toThrow(PiiTokenError);
  });

  it('rejects a token moved to another subject (the subject id is authenticated)', async () => {
    const other = randomUUID();
    await cipher.encrypt(other, tenant, 'anything'); // the other subject has a key of its own
    const token = await cipher.encrypt(subject, tenant, 'Maria Silva');
    await expect(cipher.decrypt(other, token)).rejects.toThrow(/authentication failed/);
    await expect(cipher.decrypt(randomUUID(), token)).rejects.toThrow(/no data key/);
  });

  it('still rejects a moved token when the subject keys are swapped as well', async () => {
    // Same key under two subject ids: only the AAD tells the subjects apart.
    const shared = await keys.getOrCreateKey(subject, tenant);
    const other = randomUUID();
    const swapped = new PiiCipher(
      { getOrCreateKey: async () => ({ ...shared, subjectId: other }), getKey: async () => ({ ...shared, subjectId: other }) },
      master,
    );
    const token = await cipher.encrypt(subject, tenant, 'Maria Silva');
    await expect(swapped.decrypt(other, token)).rejects.toThrow(PiiTokenError);
  });

  it('decrypts to ERASED once the subject is erased, and refuses new data for it', async () => {
    const token = await cipher.encrypt(subject, tenant, '123.456.789-09');
    await keys.erase(subject, tenant);
    const value = await cipher.decrypt(subject, token);
    expect(value).toBe(ERASED);
    expect(isErased(value)).toBe(true);
    expect(await cipher.revealOrErased(subject, token)).toBe('[erased]');
    await expect(cipher.encrypt(subject, tenant, 'again')).rejects.toThrow(SubjectErasedError);
  });

  it('shows the value when not erased', async () => {
    const token = await cipher.encrypt(subject, tenant, 'Maria');
    expect(await cipher.revealOrErased(subject, token)).toBe('Maria');
  });

  it('refuses to encrypt for a subject of another tenant', async () => {
    await cipher.encrypt(subject, tenant, 'x');
    await expect(cipher.encrypt(subject, 'tenant-b', 'y')).rejects.toThrow(SubjectTenantMismatchError);
  });

  describe('paths', () => {
    const debtor = () => ({
      debtorId: 'd-1',
      document: { type: 'CPF', number: '123.456.789-09' },
      name: 'Maria Silva',
      contactPoints: [
        { kind: 'phone', value: '+55 11 91234-5678' },
        { kind: 'email', value: 'maria@example.com' },
        { kind: 'phone' },
      ],
      addresses: [{ street: 'Rua A', city: 'São Paulo' }],
      nickname: null,
      amount: 100,
    });
    const paths = ['document.number', 'name', 'contactPoints[].value', 'addresses[]', 'nickname', 'missing.deep'];

    it('encrypts the values at the paths only, and decrypts them back', async () => {
      const plain = debtor();
      const sealed = await cipher.encryptPaths(plain, paths, subject, tenant);
      expect(plain).toEqual(debtor()); // the input is not modified
      expect(sealed.debtorId).toBe('d-1');
      expect(sealed.document.type).toBe('CPF');
      expect(sealed.amount).toBe(100);
      expect(sealed.nickname).toBeNull();
      expect(isPiiToken(sealed.document.number)).toBe(true);
      expect(isPiiToken(sealed.name)).toBe(true);
      expect(isPiiToken(sealed.contactPoints[0]!.value)).toBe(true);
      expect(isPiiToken(sealed.contactPoints[1]!.value)).toBe(true);
      expect(sealed.contactPoints[2]).toEqual({ kind: 'phone' });
      expect(isPiiToken(sealed.addresses[0])).toBe(true);
      const json = JSON.stringify(sealed);
      for (const clear of ['123.456.789-09', 'Maria', '91234', 'maria@example.com', 'Rua A', 'São Paulo']) expect(json).not.toContain(clear);

      expect(await cipher.decryptPaths(sealed, paths, subject)).toEqual(plain);
    });

    it('gives ERASED for every field after erasure, shown as [erased]', async () => {
      const sealed = await cipher.encryptPaths(debtor(), paths, subject, tenant);
      await keys.erase(subject, tenant);
      const read = await cipher.decryptPaths(sealed, paths, subject);
      expect(read.name).toBe(ERASED);
      expect(read.document).toEqual({ type: 'CPF', number: ERASED });
      expect(read.contactPoints.map((c) => c.value)).toEqual([ERASED, ERASED, undefined]);
      expect(read.addresses).toEqual([ERASED]);
      const shown = displayErased(read);
      expect(shown.name).toBe(ERASED_DISPLAY);
      expect(shown.addresses).toEqual(['[erased]']);
      expect(shown.amount).toBe(100);
      await expect(cipher.encryptPaths(debtor(), paths, subject, tenant)).rejects.toThrow(SubjectErasedError);
    });

    it('creates no key when there is nothing to encrypt, and needs none to read plain data', async () => {
      const result = await cipher.encryptPaths({ name: null, other: 1 }, ['name', 'contactPoints[].value'], subject, tenant);
      expect(result).toEqual({ name: null, other: 1 });
      expect(await keys.getKey(subject)).toBeUndefined();
      expect(await cipher.decryptPaths({ name: 'plain' }, ['name'], subject)).toEqual({ name: 'plain' });
    });

    it('refuses a path that meets the wrong shape when encrypting (the field would stay in clear)', async () => {
      await expect(cipher.encryptPaths({ contactPoints: { value: 'x' } }, ['contactPoints[].value'], subject, tenant)).rejects.toThrow(
        PiiPathError,
      );
      await expect(cipher.encryptPaths({ document: '123' }, ['document.number'], subject, tenant)).rejects.toThrow(PiiPathError);
      await expect(cipher.encryptPaths({}, ['a..b'], subject, tenant)).rejects.toThrow(/bad PII path/);
      // Reading is lenient: old events may have another shape.
      expect(await cipher.decryptPaths({ document: '123' }, ['document.number'], subject)).toEqual({ document: '123' });
    });

    it('handles nested arrays', async () => {
      const plain = { groups: [{ people: [{ name: 'A' }, { name: 'B' }] }, { people: [] }] };
      const sealed = await cipher.encryptPaths(plain, ['groups[].people[].name'], subject, tenant);
      expect(sealed.groups[0]!.people.every((p) => isPiiToken(p.name))).toBe(true);
      expect(await cipher.decryptPaths(sealed, ['groups[].people[].name'], subject)).toEqual(plain);
    });
  });

  describe('blindIndex', () => {
    it('is stable for one value and tenant, differs across tenants and master keys, and hides the value', () => {
      const index = cipher.blindIndex('12345678909', tenant);
      expect(cipher.blindIndex('12345678909', tenant)).toBe(index);
      expect(new PiiCipher(keys, MasterKey.fromBase64(Buffer.alloc(32, 7).toString('base64'))).blindIndex('12345678909', tenant)).not.toBe(
        index,
      );
      expect(cipher.blindIndex('12345678909', 'tenant-b')).not.toBe(index);
      expect(cipher.blindIndex('12345678900', tenant)).not.toBe(index);
      expect(index).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(index).not.toContain('12345678909');
    });
  });
});
