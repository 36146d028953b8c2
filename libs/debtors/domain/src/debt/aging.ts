import { epochDay, parseIsoDate, type IsoDate } from '@collections/shared-kernel';

/** Faixas de atraso, in order. Each bucket is closed at its upper edge: day 30 is 1-30. */
export const AGING_BUCKETS = ['current', '1-30', '31-60', '61-90', '91-180', '181-360', '360+'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

/**
 * Calendar days from the due date to the as-of date; 0 on the due date itself and
 * before it. Both are plain dates (the contract's dates), so no time zone is involved.
 */
export function daysPastDue(dueDate: IsoDate, asOfDate: IsoDate): number {
  const due = epochDay(parseIsoDate(dueDate, 'dueDate'));
  const asOf = epochDay(parseIsoDate(asOfDate, 'asOf'));
  return Math.max(0, asOf - due);
}

export function agingBucketFor(days: number): AgingBucket {
  if (!Number.isSafeInteger(days)) throw new RangeError(`agingBucketFor: days must be an integer, got ${days}`);
  if (days <= 0) return 'current';
  if (days <= 30) return '1-30';
  if (days <= 60) return '31-60';
  if (days <= 90) return '61-90';
  if (days <= 180) return '91-180';
  if (days <= 360) return '181-360';
  return '360+';
}
