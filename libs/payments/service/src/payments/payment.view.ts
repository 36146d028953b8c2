import type { Money } from '@collections/shared-kernel';
import type { PaymentState } from '@collections/payments-domain';

export interface PaymentView {
  readonly paymentId: string;
  /** parked (no charge known: see /reconciliation/unmatched), allocated, or reversed. */
  readonly status: string;
  readonly amount: Money;
  readonly paidOn: string;
  readonly method: string;
  readonly reference: string | null;
  readonly chargeId: string | null;
  readonly allocations: readonly { readonly debtId: string; readonly amount: Money }[];
  readonly credit: Money;
  readonly unallocated: Money;
}

export function paymentViewOf(state: PaymentState): PaymentView | undefined {
  if (state.status === 'none') return undefined;
  const { paymentId, status, amount, paidOn, method, reference, chargeId, allocations, credit, unallocated } = state;
  return { paymentId, status, amount, paidOn, method, reference, chargeId, allocations, credit, unallocated };
}
