import { TestClock, ValidationError } from '@collections/shared-kernel';
import { parsePeriodRequest } from './period.request';

describe('the period of a KPI request', () => {
  const clock = new TestClock('2026-03-02T23:30:00.000Z');

  it('defaults to the 1st of January of this year up to today (UTC)', () => {
    expect(parsePeriodRequest({}, clock)).toEqual({ from: '2026-01-01', to: '2026-03-02' });
    expect(parsePeriodRequest(undefined, clock)).toEqual({ from: '2026-01-01', to: '2026-03-02' });
  });

  it('takes from the year of the given end when only the end is given', () => {
    expect(parsePeriodRequest({ to: '2024-06-30' }, clock)).toEqual({ from: '2024-01-01', to: '2024-06-30' });
  });

  it('takes the edges of the calendar', () => {
    expect(parsePeriodRequest({ from: '0001-01-01', to: '9999-12-31' }, clock)).toEqual({ from: '0001-01-01', to: '9999-12-31' });
  });

  it.each([
    [{ from: '0000-01-01' }, /from/],
    [{ to: '10000-01-01' }, /to/],
    [{ from: '2026-02-30' }, /from: is not a real calendar date/],
    [{ from: '2026-01-01\u0000' }, /from/],
    [{ to: '\ud800' }, /to/],
    [{ from: ['2026-01-01', '2026-02-01'] }, /from/],
    [{ segment: 'x'.repeat(51) }, /segment/],
    [{ portfolio: 'lote\u0000' }, /portfolio: must have 1-50 characters/],
    [{ segment: '\ud800' }, /segment: must have 1-50 characters/],
    [{ segment: ['a', 'b'] }, /segment/],
    [{ segment: '%ED%A0%80' }, /segment: must have 1-50 characters/],
    [{ portfolio: { a: 1 } }, /portfolio/],
    [{ sgment: 'x' }, /Unrecognized/i],
    [{ from: '2026-03-02', to: '2026-01-01' }, /from: must not be after to/],
  ])('refuses %j, naming the field', (query, message) => {
    expect(() => parsePeriodRequest(query, clock)).toThrow(ValidationError);
    expect(() => parsePeriodRequest(query, clock)).toThrow(message);
  });

  it('takes a segment and a portfolio, trimmed, and an empty one as no filter', () => {
    expect(parsePeriodRequest({ segment: ' cartao ', portfolio: 'lote-7' }, clock)).toEqual({ from: '2026-01-01', to: '2026-03-02', segment: 'cartao', portfolio: 'lote-7' });
    expect(parsePeriodRequest({ segment: '', portfolio: '  ' }, clock)).toEqual({ from: '2026-01-01', to: '2026-03-02' });
    expect(parsePeriodRequest({ segment: 'x'.repeat(50) }, clock).segment).toHaveLength(50);
  });

  it('names both dates when both are wrong, at once', () => {
    expect(() => parsePeriodRequest({ from: 'x', to: 'y' }, clock)).toThrow(/to: .*; from: /);
  });
});
