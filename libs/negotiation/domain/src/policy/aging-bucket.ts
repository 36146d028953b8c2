import type { NegotiationBucket } from './negotiation-policy';

/**
 * The aging bucket (faixa de atraso) of a debt so many days past due, as the debtors
 * context classifies it (1-30, 31-60, 61-90, 91-180, 181-360, 360+); undefined for a debt
 * not past due, which is not negotiated. Computed here from the balance's days past due
 * as of the offer date, so an offer dated in the past uses the bucket of that date.
 */
export function negotiationBucketFor(daysPastDue: number): NegotiationBucket | undefined {
  if (!Number.isSafeInteger(daysPastDue) || daysPastDue <= 0) return undefined;
  if (daysPastDue <= 30) return '1-30';
  if (daysPastDue <= 60) return '31-60';
  if (daysPastDue <= 90) return '61-90';
  if (daysPastDue <= 180) return '91-180';
  if (daysPastDue <= 360) return '181-360';
  return '360+';
}
