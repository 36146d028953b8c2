import { generatePixPayload, getPixPayloadInfo, isValidPixPayload } from '@brazilian-utils/brazilian-utils';
import { Money, ValidationError } from '@collections/shared-kernel';
import fc from 'fast-check';
import {
  BACEN_MANUAL_STATIC_PAYLOAD,
  BRAZILIAN_UTILS_DYNAMIC_PAYLOAD,
  BRAZILIAN_UTILS_STATIC_PAYLOAD,
  cnpjWithCheckDigits,
  cpfWithCheckDigits,
} from '../testing/charges.fixtures';
import { crc16Ccitt } from './crc16';
import { tlv } from './emv-tlv';
import { foldToAscii, parsePixPayload, pixDynamicPayload, pixStaticPayload } from './pix-payload';

function violationsOf(action: () => unknown): { field: string; message: string }[] {
  try {
    action();
  } catch (error) {
    if (error instanceof ValidationError) return [...error.violations];
    throw error;
  }
  throw new Error('expected a ValidationError');
}

/** Rebuilds a payload from its objects with a correct CRC, to test rules other than the CRC. */
function withValidCrc(objects: string): string {
  return `${objects}6304${crc16Ccitt(`${objects}6304`)}`;
}

const base = { key: '123e4567-e12b-12d1-a456-426655440000', merchantName: 'Fulano de Tal', merchantCity: 'BRASILIA' };

describe('CRC16-CCITT', () => {
  it('gives 29B1 for "123456789", the check value of CRC-16/CCITT-FALSE', () => {
    expect(crc16Ccitt('123456789')).toBe('29B1');
  });
});

describe('pixStaticPayload', () => {
  it("reproduces the Banco Central manual's static example byte for byte", () => {
    expect(pixStaticPayload(base)).toBe(BACEN_MANUAL_STATIC_PAYLOAD);
  });

  it('reproduces a brazilian-utils payload with amount, txid, description and accents removed', () => {
    expect(
      pixStaticPayload({
        key: 'Fulano@Example.com',
        merchantName: 'José da Silva',
        merchantCity: 'São Paulo',
        amount: Money.of(1000),
        txid: 'ABC123',
        description: 'Acordo 42',
      }),
    ).toBe(BRAZILIAN_UTILS_STATIC_PAYLOAD);
  });

  it.each([
    ['a CPF with its mask', '529.982.247-25', '52998224725'],
    ['a CNPJ with its mask', '11.222.333/0001-81', '11222333000181'],
    ['a +55 mobile phone', '+55 (11) 98765-4321', '+5511987654321'],
    ['an EVP in capitals', '123E4567-E12B-12D1-A456-426655440000', '123e4567-e12b-12d1-a456-426655440000'],
  ])('writes %s in the canonical DICT form', (_kind, key, canonical) => {
    expect(parsePixPayload(pixStaticPayload({ ...base, key })).fields.key).toBe(canonical);
  });

  it.each([
    ['key', { key: '123.456.789-00' }, 'CPF'],
    ['key', { key: '11987654321x' }, 'Pix key'],
    ['key', { key: '+551133334444' }, 'mobile'],
    ['key', { key: 'not an e-mail@' }, 'e-mail'],
    ['merchantName', { merchantName: 'Companhia Brasileira de Cobranca' }, 'at most 25'],
    ['merchantName', { merchantName: '  ' }, 'empty'],
    ['merchantName', { merchantName: 'Loja ★' }, 'ASCII'],
    ['merchantCity', { merchantCity: 'São José dos Campos' }, 'at most 15'],
    ['txid', { txid: 'has-dash' }, 'letters and digits'],
    ['txid', { txid: 'A'.repeat(26) }, 'letters and digits'],
    ['amount.amount', { amount: Money.of(0) }, 'greater than zero'],
    ['amount.amount', { amount: Money.of(-100) }, 'negative'],
    ['amount.amount', { amount: Money.of(1_000_000_000_000) }, '13 characters'],
    ['amount.currency', { amount: Money.of(100, 'USD') }, 'BRL'],
    ['description', { description: 'x'.repeat(60) }, 'too long for this key'],
  ])('refuses a wrong %s, naming the field', (field, change, message) => {
    const violations = violationsOf(() => pixStaticPayload({ ...base, ...change }));
    expect(violations).toEqual([{ field, message: expect.stringContaining(message) }]);
  });

  it('reports every wrong field at once', () => {
    const violations = violationsOf(() => pixStaticPayload({ key: 'x', merchantName: '', merchantCity: 'x'.repeat(16), txid: '!' }));
    expect(violations.map((v) => v.field)).toEqual(['key', 'merchantName', 'merchantCity', 'txid']);
  });

  it('accepts the largest amount that fits 13 characters, 9999999999.99', () => {
    expect(parsePixPayload(pixStaticPayload({ ...base, amount: Money.of(999_999_999_999) })).tree).toContainEqual({ id: '54', value: '9999999999.99' });
  });
});

describe('pixDynamicPayload', () => {
  it('reproduces the brazilian-utils dynamic example: point of initiation 12 and the location in 26-25', () => {
    expect(pixDynamicPayload({ url: 'pix.example.com/qr/v2/1234', merchantName: 'Fulano de Tal', merchantCity: 'Brasília' })).toBe(
      BRAZILIAN_UTILS_DYNAMIC_PAYLOAD,
    );
  });

  it('may state the amount, which brazilian-utils reads as valid (the PSP payload stays the source of truth)', () => {
    const payload = pixDynamicPayload({ url: 'pix.example.com/qr/v2/cobv/9d36b84f', merchantName: 'Credora SA', merchantCity: 'Recife', amount: Money.of(15990) });
    expect(parsePixPayload(payload).fields).toMatchObject({ pointOfInitiation: 'dynamic', url: 'pix.example.com/qr/v2/cobv/9d36b84f', amount: Money.of(15990) });
    expect(isValidPixPayload(payload)).toBe(true);
  });

  it.each([
    ['https://pix.example.com/qr/1', 'scheme'],
    ['localhost/qr/1', 'host name'],
    [`pix.example.com/${'a'.repeat(70)}`, 'at most 77'],
  ])('refuses the location %s', (url, message) => {
    expect(violationsOf(() => pixDynamicPayload({ url, merchantName: 'A', merchantCity: 'B' }))).toEqual([{ field: 'url', message: expect.stringContaining(message) }]);
  });
});

describe('parsePixPayload', () => {
  it("reads the manual's example into its TLV tree and fields", () => {
    const { tree, fields } = parsePixPayload(BACEN_MANUAL_STATIC_PAYLOAD);
    expect(tree.map((node) => node.id)).toEqual(['00', '26', '52', '53', '58', '59', '60', '62', '63']);
    expect(tree[1]).toEqual({
      id: '26',
      value: '0014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000',
      children: [
        { id: '00', value: 'br.gov.bcb.pix' },
        { id: '01', value: '123e4567-e12b-12d1-a456-426655440000' },
      ],
    });
    expect(fields).toEqual({
      pointOfInitiation: 'static',
      key: '123e4567-e12b-12d1-a456-426655440000',
      merchantCategoryCode: '0000',
      merchantName: 'Fulano de Tal',
      merchantCity: 'BRASILIA',
      crc: '1D3D',
    });
  });

  it('reads amount, txid and description', () => {
    expect(parsePixPayload(BRAZILIAN_UTILS_STATIC_PAYLOAD).fields).toMatchObject({ amount: Money.of(1000), txid: 'ABC123', description: 'Acordo 42' });
  });

  it('tolerates the spaces and line break of a pasted "copia e cola"', () => {
    expect(parsePixPayload(`  ${BACEN_MANUAL_STATIC_PAYLOAD}\n`).fields.crc).toBe('1D3D');
  });

  it('refuses a wrong CRC', () => {
    expect(() => parsePixPayload(BACEN_MANUAL_STATIC_PAYLOAD.replace(/1D3D$/, '1D3E'))).toThrow('payload: CRC 1D3E does not match the payload (computed 1D3D)');
  });

  it('refuses any single changed character, wherever it is', () => {
    for (const payload of [BACEN_MANUAL_STATIC_PAYLOAD, BRAZILIAN_UTILS_STATIC_PAYLOAD, BRAZILIAN_UTILS_DYNAMIC_PAYLOAD]) {
      for (let at = 0; at < payload.length; at++) {
        const replacement = payload[at] === '0' ? '1' : '0';
        const changed = payload.slice(0, at) + replacement + payload.slice(at + 1);
        expect(() => parsePixPayload(changed)).toThrow(ValidationError);
      }
    }
  });

  it('refuses a CRC written in lowercase', () => {
    expect(() => parsePixPayload(BACEN_MANUAL_STATIC_PAYLOAD.replace(/1D3D$/, '1d3d'))).toThrow('uppercase');
  });

  it('refuses a length that runs past the end, and one that is not two digits', () => {
    expect(() => parsePixPayload(withValidCrc('000201265'))).toThrow('object 26 declares length 5');
    expect(() => parsePixPayload(withValidCrc('0002015x04'))).toThrow('malformed data object at position 6');
  });

  // [id, object] pairs in payload order (a Record would put '26' before '00').
  const valid: [string, string][] = [
    ['00', tlv('00', '01')],
    ['26', tlv('26', tlv('00', 'br.gov.bcb.pix') + tlv('01', 'fulano@example.com'))],
    ['52', tlv('52', '0000')],
    ['53', tlv('53', '986')],
    ['58', tlv('58', 'BR')],
    ['59', tlv('59', 'Fulano')],
    ['60', tlv('60', 'Recife')],
  ];
  const assemble = (objects: [string, string][]): string => withValidCrc(objects.map(([, object]) => object).join(''));
  const replacing = (id: string, object: string): [string, string][] =>
    valid.some(([existing]) => existing === id) ? valid.map(([i, o]) => [i, i === id ? object : o]) : [...valid.slice(0, 1), [id, object], ...valid.slice(1)];

  it('reads a payload assembled from the mandatory objects only', () => {
    expect(parsePixPayload(assemble(valid)).fields).toMatchObject({ key: 'fulano@example.com', merchantName: 'Fulano' });
  });

  it.each([
    ['00', 'object 00'],
    ['26', 'br.gov.bcb.pix'],
    ['52', 'object 52 (merchant category code) is missing'],
    ['53', 'object 53 (transaction currency) must be 986'],
    ['58', 'object 58 (country code) must be BR'],
    ['59', 'object 59 (merchant name) is missing'],
    ['60', 'object 60 (merchant city) is missing'],
  ])('refuses a payload without object %s', (id, message) => {
    expect(() => parsePixPayload(assemble(valid.filter(([existing]) => existing !== id)))).toThrow(message);
  });

  it.each([
    ['a currency other than 986', '53', tlv('53', '840'), 'must be 986'],
    ['a country other than BR', '58', tlv('58', 'US'), 'must be BR'],
    ['a template of another arrangement', '26', tlv('26', tlv('00', 'com.example.pay') + tlv('01', 'k')), 'no merchant account template'],
    ['both a key and a location', '26', tlv('26', tlv('00', 'br.gov.bcb.pix') + tlv('01', 'k') + tlv('25', 'a.b/c')), 'exactly one of'],
    ['a zero amount', '54', tlv('54', '0.00'), 'more than zero'],
    ['an amount with three decimals', '54', tlv('54', '1.005'), 'decimal'],
    ['a point of initiation other than 11/12', '01', tlv('01', '13'), 'must be 11 or 12'],
    ['a payload format indicator other than 01', '00', tlv('00', '02'), 'must start with object 00'],
  ])('refuses %s', (_case, id, object, message) => {
    expect(() => parsePixPayload(assemble(replacing(id, object)))).toThrow(message);
  });

  it('refuses an object that appears twice', () => {
    expect(() => parsePixPayload(assemble([...valid, ['59', tlv('59', 'Outro')]]))).toThrow('object 59 appears twice');
  });

  it('refuses a payload without its CRC object, or with a CRC object of another length', () => {
    const objects = valid.map(([, object]) => object).join('');
    expect(() => parsePixPayload(objects)).toThrow('must end with the CRC object 6304');
    expect(() => parsePixPayload(`${objects}6305${crc16Ccitt(`${objects}6305`)}0`)).toThrow('must end with the CRC object 6304');
  });
});

describe('cross-check with @brazilian-utils', () => {
  const alphabet = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 áéíóúâêôãõçÁÉÇ.-&'];
  const text = (max: number) =>
    fc
      .array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: max })
      .map((chars) => chars.join(''))
      .filter((value) => foldToAscii(value).length > 0);
  const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
  const key = fc.oneof(
    digits(9).filter((d) => !/^(\d)\1+$/.test(d)).map(cpfWithCheckDigits),
    digits(12).filter((d) => !/^(\d)\1+$/.test(d)).map(cnpjWithCheckDigits),
    fc
      .tuple(fc.array(fc.stringMatching(/^[a-z0-9_]{1,8}$/), { minLength: 1, maxLength: 3 }), fc.constantFrom('example.com', 'credora.com.br'))
      .map(([parts, host]) => `${parts.join('.')}@${host}`),
    // a few area codes (DDD) in use: São Paulo, Rio, BH, Curitiba, Joinville, Porto Alegre, Brasília, Salvador, Recife, Fortaleza, Belém, Manaus
    fc.tuple(fc.constantFrom(11, 21, 31, 41, 47, 51, 61, 71, 81, 85, 91, 92), digits(8)).map(([ddd, rest]) => `+55${ddd}9${rest}`),
    fc.uuid(),
  );
  const staticInput = fc.record(
    {
      key,
      merchantName: text(25),
      merchantCity: text(15),
      amount: fc.integer({ min: 1, max: 999_999_999_999 }).map((centavos) => Money.of(centavos)),
      txid: fc.oneof(fc.constant('***'), fc.stringMatching(/^[A-Za-z0-9]{1,25}$/)),
      description: text(20),
    },
    { requiredKeys: ['key', 'merchantName', 'merchantCity'] },
  );

  it('generate -> parse round-trips over random valid inputs, and brazilian-utils reads the same fields', () => {
    fc.assert(
      fc.property(staticInput, (input) => {
        const payload = pixStaticPayload(input);
        const { fields } = parsePixPayload(payload);
        expect(fields.merchantName).toBe(foldToAscii(input.merchantName));
        expect(fields.merchantCity).toBe(foldToAscii(input.merchantCity));
        expect(fields.amount).toEqual(input.amount);
        expect(fields.txid).toBe(input.txid === '***' ? undefined : input.txid);
        expect(fields.description).toBe(input.description === undefined ? undefined : foldToAscii(input.description));
        const theirs = getPixPayloadInfo(payload);
        expect(theirs).not.toBeNull();
        expect(theirs?.key).toBe(fields.key);
        expect(theirs?.merchantName).toBe(fields.merchantName);
        expect(theirs?.amount).toBe(input.amount === undefined ? undefined : input.amount.amount / 100);
      }),
      { numRuns: 300 },
    );
  });

  it('writes the same bytes as brazilian-utils generatePixPayload for the same input', () => {
    fc.assert(
      fc.property(staticInput, (input) => {
        const theirs = generatePixPayload({
          key: input.key,
          merchantName: input.merchantName,
          merchantCity: input.merchantCity,
          ...(input.amount ? { amount: input.amount.amount / 100 } : {}),
          ...(input.txid && input.txid !== '***' ? { txid: input.txid } : {}),
          ...(input.description ? { description: input.description } : {}),
        });
        expect(pixStaticPayload(input)).toBe(theirs);
      }),
      { numRuns: 300 },
    );
  });

  it('reads the payloads brazilian-utils generates, static and dynamic', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.stringMatching(/^[a-z0-9]{1,30}$/), text(25), text(15), (dynamic, path, merchantName, merchantCity) => {
        const theirs = dynamic
          ? generatePixPayload({ url: `pix.example.com/qr/v2/${path}`, merchantName, merchantCity })
          : generatePixPayload({ key: 'fulano@example.com', merchantName, merchantCity });
        const { fields } = parsePixPayload(theirs);
        expect(fields.pointOfInitiation).toBe(dynamic ? 'dynamic' : 'static');
        expect(fields.merchantName).toBe(getPixPayloadInfo(theirs!)?.merchantName);
      }),
    );
  });

  it('and brazilian-utils refuses a payload of ours with one character changed, as we do', () => {
    const payload = BRAZILIAN_UTILS_STATIC_PAYLOAD;
    for (let at = 0; at < payload.length - 4; at++) {
      const changed = payload.slice(0, at) + (payload[at] === 'A' ? 'B' : 'A') + payload.slice(at + 1);
      expect(isValidPixPayload(changed)).toBe(false);
    }
  });
});
