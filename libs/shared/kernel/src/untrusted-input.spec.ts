import { ValidationError } from './validation-error';
import { assertSafeInput, findUnsafeInput, invalidCalendarDate, invalidInstant, unsafeText } from './untrusted-input';

describe('untrusted input at a service edge', () => {
  it('accepts an ordinary request body', () => {
    expect(findUnsafeInput({ name: 'João Ñandú 🇧🇷', amount: { amount: 150_000, currency: 'BRL' }, rate: '0.02', tags: ['a', null, true] })).toBeUndefined();
  });

  it('refuses nesting past the limit without overflowing the stack, even 100,000 levels down', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnsafeInput({ contactPoints: deep })).toEqual({ field: expect.stringMatching(/^body\.contactPoints(\[0\])+$/), message: 'nested deeper than 32 levels' });
    let object: unknown = 1;
    for (let i = 0; i < 40; i++) object = { a: object };
    expect(findUnsafeInput(object)?.message).toBe('nested deeper than 32 levels');
  });

  it('names the field holding a NUL character or a lone surrogate, in values and in property names', () => {
    expect(findUnsafeInput({ contractReference: 'CTR\u0000-1' })).toEqual({ field: 'body.contractReference', message: 'contains a NUL character (U+0000)' });
    expect(findUnsafeInput({ list: ['ok', 'bad\uD800'] })).toEqual({ field: 'body.list[1]', message: 'contains a lone UTF-16 surrogate (not valid Unicode)' });
    expect(findUnsafeInput({ ['k\uDC00']: 1 })?.message).toMatch(/^property name: contains a lone UTF-16 surrogate/);
    expect(unsafeText('a\uD83D\uDE00b')).toBeUndefined(); // a surrogate pair is an emoji, fine
  });

  it('refuses numbers beyond 2^53, whose value JSON parsing has already lost', () => {
    expect(findUnsafeInput(JSON.parse('{"amount":{"amount":9007199254740993}}'))).toEqual({ field: 'body.amount.amount', message: expect.stringMatching(/out of range/) });
    expect(findUnsafeInput({ rate: 1e300 })?.field).toBe('body.rate');
    expect(findUnsafeInput({ n: Number.MAX_SAFE_INTEGER, f: 0.1 })).toBeUndefined();
  });

  it('throws a ValidationError naming the field', () => {
    expect(() => assertSafeInput({ a: '\u0000' }, undefined, 'query')).toThrow(ValidationError);
    expect(() => assertSafeInput({ a: '\u0000' }, undefined, 'query')).toThrow('query.a: contains a NUL character (U+0000)');
  });

  it('accepts calendar dates in years 0001-9999 only, and only dates that exist', () => {
    expect(invalidCalendarDate('2026-02-28')).toBeUndefined();
    expect(invalidCalendarDate('0001-01-01')).toBeUndefined();
    expect(invalidCalendarDate('9999-12-31')).toBeUndefined();
    expect(invalidCalendarDate('2024-02-29')).toBeUndefined();
    expect(invalidCalendarDate('2026-02-29')).toBe('is not a date of the calendar');
    expect(invalidCalendarDate('0000-01-01')).toBe('year must be between 0001 and 9999');
    expect(invalidCalendarDate('10000-01-01')).toBe('must be a date as YYYY-MM-DD');
    expect(invalidCalendarDate('+010000-01-01')).toBe('must be a date as YYYY-MM-DD');
  });

  it('accepts instants with a zone in years 0001-9999 only', () => {
    expect(invalidInstant('2026-11-24T12:00:00Z')).toBeUndefined();
    expect(invalidInstant('2026-11-24T12:00:00.123-03:00')).toBeUndefined();
    expect(invalidInstant('2026-11-24T12:00:00')).toMatch(/time zone/);
    expect(invalidInstant('+275760-09-13T00:00:00Z')).toMatch(/time zone/);
    expect(invalidInstant('2026-13-01T00:00:00Z')).toBe('is not a date of the calendar');
    expect(invalidInstant('2026-11-24T24:00:00Z')).toBe('is not a time of day');
  });
});
