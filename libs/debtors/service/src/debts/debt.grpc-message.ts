import type { BalanceView, DebtView } from './debt.view';

function balanceOut(b: BalanceView) {
  return {
    asOf: b.asOf,
    principal: b.principal,
    lateFee: b.lateFee,
    interest: b.interest,
    paid: b.paid,
    totalDue: b.totalDue,
    daysPastDue: b.daysPastDue,
  };
}

/** The Debt message. */
export function debtOut(v: DebtView) {
  return {
    debtId: v.debtId,
    debtorId: v.debtorId,
    contractReference: v.contractReference,
    originalAmount: v.originalAmount,
    dueDate: v.dueDate,
    status: v.status,
    agingBucket: v.agingBucket,
    balance: balanceOut(v.balance),
    version: v.version,
    segment: v.segment,
    portfolio: v.portfolio ?? '',
  };
}
