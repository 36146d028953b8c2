import { isUuid } from '@collections/shared-kernel';
import { NotFoundProblem } from '@collections/shared-nest';

// Stream categories (before the first dash) are unique across the platform's contexts:
// in embedded mode every service writes one log, and readers select by category.
export const chargeStream = (chargeId: string): string => `charge-${chargeId}`;
/**
 * A payment's stream is named by the tenant too: a payment id comes from outside (a PSP's
 * endToEndId, an integrator's TED reference, a bank's nosso número), and two tenants may
 * well send the same reference; neither may meet the other's stream.
 */
export const paymentStream = (tenantId: string, paymentId: string): string => `payment-${tenantId}:${paymentId}`;

/** An id from a path or a message: anything that is not a UUID cannot name one, so it is answered 404, not 400. */
export function knownUuid(value: string, field: string): string {
  if (!isUuid(value)) throw new NotFoundProblem(`${field} ${value.slice(0, 80)} is not a known id`);
  return value.toLowerCase();
}

/** A payment's id: the method's prefix and the provider's own id (`pix-<endToEndId>`, `ted-<reference>`). */
const PAYMENT_ID = /^[a-z]{3,6}-[A-Za-z0-9._:-]{1,93}$/;

export function knownPaymentId(value: string): string {
  if (!PAYMENT_ID.test(value)) throw new NotFoundProblem(`payment ${value.slice(0, 80)} is not a known id`);
  return value;
}

/** The txid of a charge: its id without dashes (32 hex digits, inside the PIX API's 26-35 letters and digits). */
export const txidOf = (chargeId: string): string => chargeId.replace(/-/g, '');
