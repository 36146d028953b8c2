import type { IsoDate, IsoInstant, Money, Rate, TenantId } from '@collections/shared-kernel';
import type { DebtId, DebtorId } from '../ids';
import type { AllocationOrder, DisputeOutcome, Installment } from './debt.events';

// Commands are typed: every field was parsed where it entered the service (the request
// parsers, the import, the consumers, the aging sweep), so the decider checks only the
// rules of the debt (see `debt.rules.ts`), never the format of its input. Time (`now`,
// an ISO instant in UTC; business dates as YYYY-MM-DD) and ids come in the command.

interface DebtCommandBase {
  readonly debtId: DebtId;
  readonly now: IsoInstant;
  /** Who asks (user id, integration client, `system:<component>`), at most 200 characters; goes to the event envelope. */
  readonly actor: string;
}

export interface RegisterDebt extends DebtCommandBase {
  readonly type: 'RegisterDebt';
  readonly tenantId: TenantId;
  readonly debtorId: DebtorId;
  /** Trimmed, 1-100 characters. */
  readonly contractReference: string;
  readonly originalAmount: Money;
  readonly dueDate: IsoDate;
  /** Optional schedule; the amounts must add up exactly to originalAmount. */
  readonly installments?: readonly Installment[];
  /** Above 2% is refused (CDC art. 52 §1). */
  readonly lateFeeRate: Rate;
  /** Per month, default 1% a month pro rata die; per tenant or contract. */
  readonly monthlyInterestRate?: Rate;
  /** The contract's order of imputation of payments; default interest, late fee, principal. */
  readonly allocationOrder?: AllocationOrder;
  /** Trimmed, 1-50 characters; absent: the tenant's `default` segment. */
  readonly segment?: string;
  /** Trimmed, 1-50 characters. */
  readonly portfolio?: string;
  /**
   * Today's business date: a debt registered already past due is classified at once
   * (overdue, in its aging bucket) instead of showing as current until the next sweep.
   */
  readonly classifyAsOf?: IsoDate;
}

/** Sent by the daily sweep: the debt is past due as of `asOf` and still open. */
export interface MarkOverdue extends DebtCommandBase {
  readonly type: 'MarkOverdue';
  readonly asOf: IsoDate;
}

export interface ChangeAgingBucket extends DebtCommandBase {
  readonly type: 'ChangeAgingBucket';
  readonly asOf: IsoDate;
}

export interface RecordPayment extends DebtCommandBase {
  readonly type: 'RecordPayment';
  /** The idempotency key: a payment id already applied changes nothing. Trimmed, 1-100 characters. */
  readonly paymentId: string;
  readonly amount: Money;
  readonly paidOn: IsoDate;
}

/** Why money recorded as paid was taken back. */
export type PaymentReversalReason = 'reversal' | 'chargeback';

/**
 * A payment recorded on the debt was reversed (a PIX devolução, a returned TED) or charged
 * back (a card dispute): the money never stayed with the creditor, so the debt owes again
 * what it paid, from the payment's own date. A reversal already applied changes nothing.
 */
export interface ReversePayment extends DebtCommandBase {
  readonly type: 'ReversePayment';
  readonly paymentId: string;
  /** The business date the money went back; not before the payment, not in the future. */
  readonly reversedOn: IsoDate;
  readonly reason: PaymentReversalReason;
}

export interface OpenDispute extends DebtCommandBase {
  readonly type: 'OpenDispute';
  /** Trimmed, 1-2000 characters. */
  readonly reason: string;
}

export interface ResolveDispute extends DebtCommandBase {
  readonly type: 'ResolveDispute';
  readonly outcome: DisputeOutcome;
}

export interface WriteOff extends DebtCommandBase {
  readonly type: 'WriteOff';
  /** Trimmed, 1-2000 characters. */
  readonly reason: string;
}

/** Hook for the negotiation context: an agreement (acordo) now governs this debt. */
export interface EnterAgreement extends DebtCommandBase {
  readonly type: 'EnterAgreement';
  /** Trimmed, 1-100 characters. */
  readonly agreementId: string;
}

export interface LeaveAgreement extends DebtCommandBase {
  readonly type: 'LeaveAgreement';
  readonly agreementId: string;
  /** E.g. "broken: installment 3 overdue past tolerance", "cancelled by the debtor". Trimmed, 1-2000 characters. */
  readonly reason: string;
  /**
   * Set when every installment of the agreement was paid (the business date it was
   * fulfilled): the debt is settled by it, what it still owed on that date waived.
   */
  readonly fulfilledOn?: IsoDate;
}

export type DebtCommand =
  | RegisterDebt
  | MarkOverdue
  | ChangeAgingBucket
  | RecordPayment
  | ReversePayment
  | OpenDispute
  | ResolveDispute
  | WriteOff
  | EnterAgreement
  | LeaveAgreement;
