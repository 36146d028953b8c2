import { Money, TenantId, parseRate, type Rate } from '@collections/shared-kernel';
import type { DebtId, DebtorId } from '../ids';
import type { AgingBucket } from '../debt/aging';
import type {
  DebtAgingBucketChanged,
  DebtBecameOverdue,
  DebtRegistered,
  Installment,
  PaymentRecorded,
} from '../debt/debt.events';

// Test-only builders for debt histories (excluded from the build by tsconfig.build.json).

export const TENANT = TenantId.parse('banco-azul');
// test values, as the edge would have parsed them
export const DEBT_ID = '01900000-0000-7000-8000-000000000d01' as DebtId;
export const DEBTOR_ID = '01900000-0000-7000-8000-0000000000a1' as DebtorId;
export const ACTOR = 'user:agent-7';

export const brl = (centavos: number): Money => Money.of(centavos);
export const rate = (text: string): Rate => parseRate(text, 'rate');
/** An instant on a business date, mid-afternoon in Brazil. */
export const at = (date: string): string => `${date}T15:00:00.000Z`;

/** R$ 1.234,56 due 2026-01-10, 2% late fee, 1% a month default interest. */
export function debtRegistered(overrides: Partial<DebtRegistered['data']> = {}): DebtRegistered {
  return {
    type: 'DebtRegistered',
    data: {
      debtId: DEBT_ID,
      tenantId: TENANT,
      debtorId: DEBTOR_ID,
      contractReference: 'CTR-2025-000123',
      originalAmount: brl(123_456),
      dueDate: '2026-01-10',
      installments: [{ number: 1, amount: brl(123_456), dueDate: '2026-01-10' }],
      lateFeeRate: '0.02',
      monthlyInterestRate: '0.01',
      registeredAt: at('2026-01-02'),
      ...overrides,
    },
  };
}

/** R$ 300,00 in three installments of R$ 100,00 due on the 10th of January, February and March. */
export const THREE_INSTALLMENTS: readonly Installment[] = [
  { number: 1, amount: brl(10_000), dueDate: '2026-01-10' },
  { number: 2, amount: brl(10_000), dueDate: '2026-02-10' },
  { number: 3, amount: brl(10_000), dueDate: '2026-03-10' },
];

export const installmentDebtRegistered = (): DebtRegistered =>
  debtRegistered({ originalAmount: brl(30_000), dueDate: '2026-03-10', installments: THREE_INSTALLMENTS });

export function paymentRecorded(
  paymentId: string,
  amount: number,
  paidOn: string,
  allocation: { interest?: number; lateFee?: number; principal?: number; overpayment?: number } = {},
  recordedAt = at(paidOn),
): PaymentRecorded {
  return {
    type: 'PaymentRecorded',
    data: {
      debtId: DEBT_ID,
      paymentId,
      amount: brl(amount),
      paidOn,
      allocation: {
        interest: brl(allocation.interest ?? 0),
        lateFee: brl(allocation.lateFee ?? 0),
        principal: brl(allocation.principal ?? 0),
      },
      overpayment: brl(allocation.overpayment ?? 0),
      recordedAt,
    },
  };
}

export const becameOverdue = (asOf: string, earliestUnpaidDueDate: string, daysPastDue: number): DebtBecameOverdue => ({
  type: 'DebtBecameOverdue',
  data: { debtId: DEBT_ID, asOf, earliestUnpaidDueDate, daysPastDue },
});

export const bucketChanged = (from: AgingBucket, to: AgingBucket, daysPastDue: number, asOf: string): DebtAgingBucketChanged => ({
  type: 'DebtAgingBucketChanged',
  data: { debtId: DEBT_ID, from, to, daysPastDue, asOf },
});
