import { Money, type IsoDate } from '@collections/shared-kernel';

/** A debt a payment may go to, with what the debtors context says is owed on it as of the payment date. */
export interface DebtOwed {
  readonly debtId: string;
  /** The debt's (earliest unpaid) due date: the oldest is paid first. */
  readonly dueDate: IsoDate;
  readonly owed: Money;
}

export interface Allocation {
  readonly debtId: string;
  readonly amount: Money;
}

export interface AllocationPlan {
  readonly allocations: readonly Allocation[];
  /** What is left once every debt is paid: kept as the debtor's credit. */
  readonly credit: Money;
}

/**
 * The allocation rule: the oldest debt first (due date, then id, so the order is total),
 * each up to what it owes; what remains is a credit. Every centavo goes to exactly one
 * place: the allocations plus the credit are the amount, and no debt gets more than it
 * owes. Within a debt, the split into late fee, interest and principal is the debt's own
 * rule (the debtors context applies it), so it is not decided twice.
 */
export function allocatePayment(amount: Money, debts: readonly DebtOwed[]): AllocationPlan {
  const ordered = [...debts].sort((a, b) => (a.dueDate === b.dueDate ? (a.debtId < b.debtId ? -1 : a.debtId > b.debtId ? 1 : 0) : a.dueDate < b.dueDate ? -1 : 1));
  let left = amount.amount;
  const allocations: Allocation[] = [];
  for (const debt of ordered) {
    if (left === 0) break;
    const take = Math.min(left, Math.max(0, debt.owed.amount));
    if (take === 0) continue;
    allocations.push({ debtId: debt.debtId, amount: Money.of(take, amount.currency) });
    left -= take;
  }
  return { allocations, credit: Money.of(left, amount.currency) };
}
