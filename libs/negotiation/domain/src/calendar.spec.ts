import { addDays, addMonthsClamped } from './calendar';

describe('calendar', () => {
  it('clamps a monthly date to the end of shorter months without drifting: Jan 31, Feb 28, Mar 31, Apr 30', () => {
    expect([0, 1, 2, 3].map((k) => addMonthsClamped('2027-01-31', k))).toEqual(['2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30']);
  });

  it('gives Feb 29 in a leap year and crosses the year', () => {
    expect(addMonthsClamped('2027-12-31', 2)).toBe('2028-02-29');
    expect(addMonthsClamped('2026-11-30', 14)).toBe('2028-01-30');
  });

  it('adds calendar days across months', () => {
    expect(addDays('2026-02-26', 5)).toBe('2026-03-03');
  });
});
