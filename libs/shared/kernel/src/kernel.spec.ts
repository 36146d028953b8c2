import { Cnpj, Cpf, TaxId } from './tax-id';
import { TenantId } from './tenant-id';
import { TestClock } from './clock';
import { SequentialTestIds, isTimeOrderedUuid, isUuid, nameBasedUuid, uuidV7Ids } from './ids';
import { ValidationError } from './validation-error';

describe('CPF and CNPJ', () => {
  it('accepts a valid CPF with or without punctuation', () => {
    expect(Cpf.parse('529.982.247-25')).toBe('52998224725');
    expect(Cpf.parse('52998224725')).toBe('52998224725');
  });

  it('rejects a CPF whose check digits do not match', () => {
    expect(() => Cpf.parse('529.982.247-26')).toThrow('cpf: is not a valid CPF (check digits do not match)');
  });

  it('rejects a CPF of repeated digits', () => {
    expect(() => Cpf.parse('111.111.111-11')).toThrow(ValidationError);
  });

  it('accepts a valid CNPJ and rejects a wrong one', () => {
    expect(Cnpj.parse('11.222.333/0001-81')).toBe('11222333000181');
    expect(() => Cnpj.parse('11.222.333/0001-82')).toThrow('cnpj: is not a valid CNPJ');
  });

  it('tells a person from a company by the number of digits', () => {
    expect(TaxId.parse('52998224725').kind).toBe('cpf');
    expect(TaxId.parse('11222333000181').kind).toBe('cnpj');
    expect(() => TaxId.parse('123', 'debtor.taxId')).toThrow('debtor.taxId: must be a CPF (11 digits) or a CNPJ (14 digits)');
  });

  it('formats for display', () => {
    expect(Cpf.format(Cpf.parse('52998224725'))).toBe('529.982.247-25');
    expect(Cnpj.format(Cnpj.parse('11222333000181'))).toBe('11.222.333/0001-81');
  });
});

describe('TenantId', () => {
  it('accepts lower-case slugs and rejects anything else', () => {
    expect(TenantId.parse('banco-azul')).toBe('banco-azul');
    for (const bad of ['', 'Banco', '-x', 'x-', 'a b', 'a'.repeat(64), 42]) {
      expect(() => TenantId.parse(bad)).toThrow(ValidationError);
    }
  });
});

describe('TestClock', () => {
  it('moves only when told to', () => {
    const clock = new TestClock('2026-03-01T00:00:00Z');
    expect(clock.now().toISOString()).toBe('2026-03-01T00:00:00.000Z');
    clock.advance({ days: 31, hours: 2 });
    expect(clock.now().toISOString()).toBe('2026-04-01T02:00:00.000Z');
  });
});

describe('ids', () => {
  it('generates time-ordered UUIDv7 ids that sort by creation', async () => {
    const first = uuidV7Ids.next();
    await new Promise((r) => setTimeout(r, 2));
    const second = uuidV7Ids.next();
    expect(isTimeOrderedUuid(first)).toBe(true);
    expect(first < second).toBe(true);
  });

  it('gives deterministic, increasing ids in tests', () => {
    const ids = new SequentialTestIds();
    const values = [ids.next(), ids.next(), ids.next()];
    expect([...values].sort()).toEqual(values);
    expect(new Set(values).size).toBe(3);
    expect(values.every(isTimeOrderedUuid)).toBe(true);
  });

  it('derives the same name-based UUIDv8 from the same parts, and another one from any other parts', () => {
    const id = nameBasedUuid('ns', 'a', 'bc');
    expect(id).toBe(nameBasedUuid('ns', 'a', 'bc'));
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe('8');
    expect('89ab').toContain(id[19]);
    // the parts are framed: moving a character across a boundary is another name
    expect(nameBasedUuid('ns', 'ab', 'c')).not.toBe(id);
    expect(nameBasedUuid('ns', 'a', 'bc', '')).not.toBe(id);
    // pinned: a change of the derivation would change every published id
    expect(nameBasedUuid('collections', 'x')).toBe('6fdb2769-aaea-84b0-b2f0-1698ef3047f7');
  });
});
