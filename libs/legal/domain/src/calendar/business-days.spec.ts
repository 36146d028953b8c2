import { addBusinessDays, addCalendarDays, addYears, utcDateOf } from './business-days';

describe('Business days (removal SLA, protest period)', () => {
  it('skips a weekend: Friday + 5 business days is the next Friday', () => {
    expect(addBusinessDays('2026-03-06', 5, 'SP')).toBe('2026-03-13');
  });

  it('skips a national holiday (Tiradentes, Tue 2026-04-21)', () => {
    expect(addBusinessDays('2026-04-17', 5, 'SP')).toBe('2026-04-27');
  });

  it('skips a state holiday only in its state (São Paulo, 9 July 2026, a Thursday)', () => {
    expect(addBusinessDays('2026-07-08', 1, 'SP')).toBe('2026-07-10');
    expect(addBusinessDays('2026-07-08', 1, 'RJ')).toBe('2026-07-09');
  });

  it('skips Consciência Negra (20/11, national since 2024) in every state', () => {
    expect(addBusinessDays('2026-11-19', 1, 'RS')).toBe('2026-11-23');
  });

  it('counts Carnival (ponto facultativo, not a holiday in law) as a business day', () => {
    expect(addBusinessDays('2026-02-13', 1, 'SP')).toBe('2026-02-16');
  });

  it('refuses a date outside the calendar the library knows', () => {
    expect(() => addBusinessDays('2100-01-04', 1, 'SP')).toThrow(RangeError);
  });

  it('adds calendar days and years (29/02 to 28/02), and reads an instant as its UTC date', () => {
    expect(addCalendarDays('2026-02-25', 10)).toBe('2026-03-07');
    expect(addYears('2024-02-29', 5)).toBe('2029-02-28');
    expect(utcDateOf('2026-03-01T23:30:00-03:00')).toBe('2026-03-02');
  });
});
