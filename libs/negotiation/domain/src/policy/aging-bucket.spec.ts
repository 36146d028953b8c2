import { negotiationBucketFor } from './aging-bucket';

describe('the aging bucket an offer is computed under', () => {
  it.each([
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
    [5_000, '360+'],
  ])('%i days past due is bucket %s, as the debtors context classifies it', (days, bucket) => {
    expect(negotiationBucketFor(days)).toBe(bucket);
  });

  it.each([0, -3, 1.5, Number.NaN])('a debt %p days past due has no bucket: it is not negotiated', (days) => {
    expect(negotiationBucketFor(days)).toBeUndefined();
  });
});
