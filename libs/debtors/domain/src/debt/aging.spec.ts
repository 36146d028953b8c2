import { ValidationError } from '@collections/shared-kernel';
import { AGING_BUCKETS, agingBucketFor, daysPastDue } from './aging';

describe('daysPastDue', () => {
  it.each([
    ['2026-01-10', '2026-01-09', 0, 'before the due date'],
    ['2026-01-10', '2026-01-10', 0, 'on the due date itself'],
    ['2026-01-10', '2026-01-11', 1, 'the day after'],
    ['2026-01-31', '2026-03-01', 29, 'across February of a common year'],
    ['2024-02-28', '2024-03-01', 2, 'across 29 February of a leap year'],
    ['2025-12-31', '2026-01-01', 1, 'across the new year'],
    ['2026-01-10', '2027-01-06', 361, 'a year later'],
  ])('counts calendar days from %s to %s as %i (%s)', (dueDate, asOf, expected) => {
    expect(daysPastDue(dueDate, asOf)).toBe(expected);
  });

  it('rejects a date that is not YYYY-MM-DD or not on the calendar', () => {
    expect(() => daysPastDue('10/01/2026', '2026-01-11')).toThrow(ValidationError);
    expect(() => daysPastDue('2026-01-10', '2026-02-30')).toThrow('asOf: is not a real calendar date');
  });
});

describe('agingBucketFor', () => {
  it.each([
    [0, 'current'],
    [1, '1-30'],
    [30, '1-30'],
    [31, '31-60'],
    [60, '31-60'],
    [61, '61-90'],
    [90, '61-90'],
    [91, '91-180'],
    [180, '91-180'],
    [181, '181-360'],
    [360, '181-360'],
    [361, '360+'],
    [5000, '360+'],
  ])('puts %i days past due in bucket %s', (days, bucket) => {
    expect(agingBucketFor(days)).toBe(bucket);
  });

  it('lists the buckets in order of delinquency', () => {
    expect(AGING_BUCKETS).toEqual(['current', '1-30', '31-60', '61-90', '91-180', '181-360', '360+']);
  });

  it('rejects a fractional number of days', () => {
    expect(() => agingBucketFor(1.5)).toThrow(RangeError);
  });
});
