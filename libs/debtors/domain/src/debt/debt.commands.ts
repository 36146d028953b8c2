import type { Money } from '@collections/shared-kernel';
import type { DisputeOutcome } from './debt.events';

// Commands carry raw input from a transport; the decider validates it. Time (`now`, an
// ISO instant; business dates as YYYY-MM-DD) and ids come in the command.

interface DebtCommandBase {
  readonly debtId: string;
  readonly now: string;
  /** Who asks (user id, integration client, `system:<component>`); goes to the event envelope. */
  readonly actor: string;
}

export interface InstallmentInput {
  readonly number: number;
  readonly amount: Money;
  readonly dueDate: string;
}

export interface RegisterDebt extends DebtCommandBase {
  readonly type: 'RegisterDebt';
  readonly tenantId: string;
  readonly debtorId: string;
  readonly contractReference: string;
  readonly originalAmount: Money;
  readonly dueDate: string;
  /** Optional schedule; the amounts must add up exactly to originalAmount. */
  readonly installments?: readonly InstallmentInput[];
  /** Decimal string, e.g. "0.02"; above 2% is refused (CDC art. 52 §1). */
  readonly lateFeeRate: string;
  /** Decimal string per month, default "0.01" (1% a month pro rata die); per tenant or contract. */
  readonly monthlyInterestRate?: string;
  /**
   * Today's business date: a debt registered already past due is classified at once
   * (overdue, in its aging bucket) instead of showing as current until the next sweep.
   */
  readonly classifyAsOf?: string;
}

/** Sent by the daily sweep: the debt is past due as of `asOf` and still open. */
export interface MarkOverdue extends DebtCommandBase {
  readonly type: 'MarkOverdue';
  readonly asOf: string;
}

export interface ChangeAgingBucket extends DebtCommandBase {
  readonly type: 'ChangeAgingBucket';
  readonly asOf: string;
}

export interface RecordPayment extends DebtCommandBase {
  readonly type: 'RecordPayment';
  /** The idempotency key: a payment id already applied changes nothing. */
  readonly paymentId: string;
  readonly amount: Money;
  readonly paidOn: string;
}

export interface OpenDispute extends DebtCommandBase {
  readonly type: 'OpenDispute';
  readonly reason: string;
}

export interface ResolveDispute extends DebtCommandBase {
  readonly type: 'ResolveDispute';
  readonly outcome: DisputeOutcome;
}

export interface WriteOff extends DebtCommandBase {
  readonly type: 'WriteOff';
  readonly reason: string;
}

/** Hook for the negotiation context: an agreement (acordo) now governs this debt. */
export interface EnterAgreement extends DebtCommandBase {
  readonly type: 'EnterAgreement';
  readonly agreementId: string;
}

export interface LeaveAgreement extends DebtCommandBase {
  readonly type: 'LeaveAgreement';
  readonly agreementId: string;
  /** E.g. "broken: installment 3 overdue past tolerance", "cancelled by the debtor". */
  readonly reason: string;
}

export type DebtCommand =
  | RegisterDebt
  | MarkOverdue
  | ChangeAgingBucket
  | RecordPayment
  | OpenDispute
  | ResolveDispute
  | WriteOff
  | EnterAgreement
  | LeaveAgreement;
