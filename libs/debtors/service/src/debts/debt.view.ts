import { loadAggregate, type AsOf } from '@collections/shared-event-store';
import { ValidationError, parseIsoDate, type Money } from '@collections/shared-kernel';
import { DEFAULT_ALLOCATION_ORDER, computeBalance, debtDecider, type DebtBalance, type DebtState } from '@collections/debtors-domain';
import type { DebtorsDeps } from '../shared/debtors-deps';
import { debtStream, type DebtId } from '../shared/ids';

export interface DebtView {
  readonly debtId: string;
  readonly debtorId: string;
  readonly contractReference: string;
  readonly originalAmount: Money;
  readonly dueDate: string;
  readonly installments: readonly { number: number; amount: Money; dueDate: string }[];
  readonly lateFeeRate: string;
  readonly monthlyInterestRate: string;
  /** The order a payment pays interest, late fee and principal (the contract's, or the legal default). */
  readonly allocationOrder: readonly string[];
  /** The creditor's segment; `default` when registered without one. */
  readonly segment: string;
  readonly portfolio: string | null;
  readonly status: string;
  readonly agingBucket: string;
  readonly balance: BalanceView;
  readonly version: number;
}

export interface BalanceView {
  readonly asOf: string;
  readonly principal: Money;
  readonly lateFee: Money;
  readonly interest: Money;
  readonly paid: Money;
  readonly overpaid: Money;
  /** Forgiven when a fulfilled agreement settled the debt (the discount it granted). */
  readonly waived: Money;
  readonly totalDue: Money;
  readonly daysPastDue: number;
  readonly earliestUnpaidDueDate: string | null;
}

export function balanceView(balance: DebtBalance): BalanceView {
  const paid = balance.paid;
  return {
    asOf: balance.asOf,
    principal: balance.principalOutstanding,
    lateFee: balance.lateFee,
    interest: balance.interest,
    paid: { amount: paid.interest.amount + paid.lateFee.amount + paid.principal.amount, currency: paid.principal.currency },
    overpaid: balance.overpaid,
    waived: balance.waived,
    totalDue: balance.totalDue,
    daysPastDue: balance.daysPastDue,
    earliestUnpaidDueDate: balance.earliestUnpaidDueDate,
  };
}

/**
 * The debt as the API shows it, from the decider's state (its ledger holds every fact the
 * balance needs): after a write, from the state the write path returned; on a read, from
 * the state folded from the stream.
 */
export function debtViewFrom(state: DebtState, balanceAsOf: string, version: number): DebtView | undefined {
  if (state.status === 'unregistered') return undefined;
  const terms = state.ledger.terms;
  return {
    debtId: terms.debtId,
    debtorId: terms.debtorId,
    contractReference: terms.contractReference,
    originalAmount: terms.originalAmount,
    dueDate: terms.dueDate,
    installments: terms.installments,
    lateFeeRate: terms.lateFeeRate,
    monthlyInterestRate: terms.monthlyInterestRate,
    allocationOrder: terms.allocationOrder ?? DEFAULT_ALLOCATION_ORDER,
    segment: terms.segment ?? 'default',
    portfolio: terms.portfolio ?? null,
    status: state.status,
    agingBucket: state.agingBucket,
    balance: balanceView(computeBalance(state.ledger, parseIsoDate(balanceAsOf, 'asOf'))),
    version,
  };
}

/**
 * A balance date from a query string: a calendar date YYYY-MM-DD in 1900-2199, the span in
 * which the registration's bounds (amount, rate, due date) keep every balance computable
 * within 2^53 centavos (R$ 100 billion at 10% a month over 300 years stays below it).
 */
export function parseBalanceDate(value: string): string {
  parseIsoDate(value, 'asOf');
  if (value < '1900-01-01' || value > '2199-12-31') throw ValidationError.of('asOf', 'must lie between 1900-01-01 and 2199-12-31');
  return value;
}

/** The debt from its stream with its balance as of a date, as of now or of a past instant; undefined if there is none for this tenant. */
export async function readDebt(deps: Pick<DebtorsDeps, 'store' | 'writer'>, tenantId: string, debtId: DebtId, balanceAsOf: string, asOf?: AsOf): Promise<DebtView | undefined> {
  const loaded = await loadAggregate(deps.store, debtDecider, deps.writer.debtCodec, debtStream(debtId), { tenantId, ...(asOf ? { asOf } : {}) });
  return debtViewFrom(loaded.state, balanceAsOf, loaded.version);
}
