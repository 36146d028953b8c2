import type { Money } from '@collections/shared-kernel';
import {
  balanceAsOf,
  type ContactPoint,
  type DebtBalance,
  type DebtEvent,
  type DebtState,
  type DebtorEvent,
} from '@collections/debtors-domain';
import { assertNever } from '@collections/shared-kernel';
import { ERASED_TEXT } from './personal-data';

/** The debtor as the API shows it, folded from its (decrypted) events. */
export interface DebtorView {
  readonly debtorId: string;
  readonly kind: 'person' | 'company' | 'unknown';
  readonly taxId: string;
  readonly name: string;
  readonly state: string;
  readonly timeZone: string;
  readonly contactPoints: readonly ContactPoint[];
  readonly declaredMonthlyIncome: Money | null;
  readonly erased: boolean;
  readonly registeredAt: string;
  readonly version: number;
}

export function debtorViewFrom(events: readonly DebtorEvent[], version: number): DebtorView | undefined {
  let view: DebtorView | undefined;
  for (const event of events) {
    switch (event.type) {
      case 'DebtorRegistered': {
        const d = event.data;
        view = {
          debtorId: d.debtorId,
          kind: d.taxId.kind === 'cpf' ? 'person' : d.taxId.kind === 'cnpj' ? 'company' : 'unknown',
          taxId: d.taxId.value,
          name: d.name,
          state: d.state,
          timeZone: d.timeZone,
          contactPoints: d.contactPoints,
          declaredMonthlyIncome: typeof d.declaredMonthlyIncome === 'object' ? d.declaredMonthlyIncome : null,
          erased: false,
          registeredAt: d.registeredAt,
          version,
        };
        break;
      }
      case 'DebtorContactPointsUpdated':
        if (view) view = { ...view, contactPoints: event.data.contactPoints };
        break;
      case 'ContactConsentRecorded':
        if (view) view = { ...view, contactPoints: view.contactPoints.map((c) => (c.id === event.data.contactPointId ? { ...c, consent: event.data.consent } : c)) };
        break;
      case 'ContactOptedOut':
        if (view)
          view = {
            ...view,
            contactPoints: view.contactPoints.map((c) =>
              c.id === event.data.contactPointId ? { ...c, optedOut: true, optedOutAt: event.data.optedOutAt, optOutReason: event.data.reason } : c,
            ),
          };
        break;
      case 'DebtorErasureRequested':
        if (view)
          view = {
            ...view,
            taxId: ERASED_TEXT,
            name: ERASED_TEXT,
            contactPoints: [],
            declaredMonthlyIncome: null,
            erased: true,
          };
        break;
      default:
        assertNever(event, 'debtor event');
    }
  }
  return view ? { ...view, version } : undefined;
}

export interface DebtView {
  readonly debtId: string;
  readonly debtorId: string;
  readonly contractReference: string;
  readonly originalAmount: Money;
  readonly dueDate: string;
  readonly installments: readonly { number: number; amount: Money; dueDate: string }[];
  readonly lateFeeRate: string;
  readonly monthlyInterestRate: string;
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
    totalDue: balance.totalDue,
    daysPastDue: balance.daysPastDue,
    earliestUnpaidDueDate: balance.earliestUnpaidDueDate,
  };
}

export function debtViewFrom(state: DebtState, events: readonly DebtEvent[], asOf: string, version: number): DebtView | undefined {
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
    status: state.status,
    agingBucket: state.agingBucket,
    balance: balanceView(balanceAsOf(events, asOf)),
    version,
  };
}
