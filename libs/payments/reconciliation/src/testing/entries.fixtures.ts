import { Money } from '@collections/shared-kernel';
import type { Charge, PixCredit } from '../matching/reconcile';
import { occurrenceOf } from '../return-file/occurrences';
import type { ReturnEntry } from '../return-file/return-entry';
import type { StatementEntry } from '../statement/ofx-statement';

export const brl = (centavos: number): Money => Money.of(centavos);

export function settlement(overrides: Partial<ReturnEntry> & { nossoNumero: string; amountPaid: Money }): ReturnEntry {
  return {
    bank: '001',
    layout: 'cnab240',
    documentNumber: '',
    occurrence: occurrenceOf('cnab240', '06'),
    faceValue: overrides.amountPaid,
    tariff: brl(0),
    interestPaid: brl(0),
    discount: brl(0),
    paidOn: '2026-11-27',
    payerName: '',
    line: 3,
    ...overrides,
  };
}

export function statementCredit(overrides: Partial<StatementEntry> & { fitId: string; amount: Money }): StatementEntry {
  return {
    account: { bankId: '0341', accountId: '0057123457' },
    postedOn: '2026-11-27',
    type: overrides.amount.amount >= 0 ? 'CREDIT' : 'DEBIT',
    memo: '',
    name: '',
    line: 1,
    ...overrides,
  };
}

export function pix(overrides: Partial<PixCredit> & { endToEndId: string; amount: Money }): PixCredit {
  return { paidOn: '2026-11-27', ...overrides };
}

export function charge(overrides: Partial<Charge> & { chargeId: string; amount: Money }): Charge {
  return { dueDate: '2026-11-27', ...overrides };
}
