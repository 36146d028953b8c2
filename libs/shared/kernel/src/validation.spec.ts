import { ValidationError } from './validation-error';
import { parseActor, parseRate, parseTimeZone, rateFraction, refuseFutureDate } from './validation';

describe('field parsers of the input edge', () => {
  it('keeps a rate as written and compares it as an exact fraction', () => {
    expect(parseRate('0.020', 'lateFeeRate')).toBe('0.020');
    expect(rateFraction(parseRate('0.020', 'lateFeeRate'))).toEqual({ numerator: 20n, denominator: 1000n });
    expect(() => parseRate('2%', 'lateFeeRate')).toThrow(/lateFeeRate: must be a non-negative decimal string/);
  });

  it('gives a time zone its canonical IANA name and refuses offsets', () => {
    expect(parseTimeZone('america/sao_paulo', 'timeZone')).toBe('America/Sao_Paulo');
    expect(() => parseTimeZone('-03:00', 'timeZone')).toThrow(ValidationError);
  });

  it('bounds the actor a command is stamped with to 200 characters', () => {
    expect(parseActor(' user:agent-7 ')).toBe('user:agent-7');
    expect(() => parseActor('u'.repeat(201))).toThrow(/actor: must have 1-200 characters/);
  });

  it('refuses a date after the day of `now`, with a day of slack for time zones ahead of UTC', () => {
    expect(() => refuseFutureDate('2026-01-12', 'paidOn', '2026-01-11T23:00:00.000Z')).not.toThrow();
    expect(() => refuseFutureDate('2026-01-13', 'paidOn', '2026-01-11T23:00:00.000Z')).toThrow(/paidOn: must not be in the future/);
  });
});
