import { ValidationError, fold } from '@collections/shared-kernel';
import { DeciderSpecification } from '@collections/shared-testing';
import { DomainRuleViolation } from '@collections/shared-kernel';
import {
  ACTOR,
  DEBTOR_ID,
  DEBT_ID,
  THREE_INSTALLMENTS,
  at,
  becameOverdue,
  TENANT,
  brl,
  bucketChanged,
  debtRegistered,
  installmentDebtRegistered,
  paymentRecorded,
  rate,
} from '../testing/debt.fixtures';
import type { RecordPayment, RegisterDebt, ReversePayment } from './debt.commands';
import { balanceAsOf } from './debt.balance';
import { debtDecider, type DebtState } from './debt.decider';
import type { DebtEvent, DebtWrittenOff, DisputeOpened } from './debt.events';

const spec = DeciderSpecification.for(debtDecider);
const statusAfter = (history: readonly DebtEvent[]): DebtState['status'] => fold(debtDecider, history).status;

// The debt of the fixtures: R$ 1.234,56 (123456 centavos) due 2026-01-10, late fee 2%
// (2469 once past due), default interest 1% a month pro rata die.
const registered = debtRegistered();
const overdue: DebtEvent[] = [registered, becameOverdue('2026-01-11', '2026-01-10', 1), bucketChanged('current', '1-30', 1, '2026-01-11')];

const registerDebt = (overrides: Partial<RegisterDebt> = {}): RegisterDebt => ({
  type: 'RegisterDebt',
  debtId: DEBT_ID,
  tenantId: TENANT,
  debtorId: DEBTOR_ID,
  contractReference: 'CTR-2025-000123',
  originalAmount: brl(123_456),
  dueDate: '2026-01-10',
  lateFeeRate: rate('0.02'),
  monthlyInterestRate: rate('0.01'),
  now: at('2026-01-02'),
  actor: ACTOR,
  ...overrides,
});

const pay = (paymentId: string, amount: number, paidOn: string, now = at(paidOn)): RecordPayment => ({
  type: 'RecordPayment',
  debtId: DEBT_ID,
  paymentId,
  amount: brl(amount),
  paidOn,
  now,
  actor: ACTOR,
});

const command = {
  markOverdue: (asOf: string) => ({ type: 'MarkOverdue', debtId: DEBT_ID, asOf, now: at(asOf), actor: ACTOR }) as const,
  changeAgingBucket: (asOf: string) => ({ type: 'ChangeAgingBucket', debtId: DEBT_ID, asOf, now: at(asOf), actor: ACTOR }) as const,
  openDispute: (reason = 'I never signed this contract') =>
    ({ type: 'OpenDispute', debtId: DEBT_ID, reason, now: at('2026-01-20'), actor: ACTOR }) as const,
  resolveDispute: (outcome: 'upheld' | 'rejected') =>
    ({ type: 'ResolveDispute', debtId: DEBT_ID, outcome, now: at('2026-02-01'), actor: ACTOR }) as const,
  writeOff: (reason = 'uncollectible after legal review') =>
    ({ type: 'WriteOff', debtId: DEBT_ID, reason, now: at('2026-06-01'), actor: ACTOR }) as const,
  enterAgreement: (agreementId = 'agr-1') =>
    ({ type: 'EnterAgreement', debtId: DEBT_ID, agreementId, now: at('2026-01-25'), actor: ACTOR }) as const,
  leaveAgreement: (agreementId = 'agr-1', reason = 'broken: installment 2 unpaid past tolerance') =>
    ({ type: 'LeaveAgreement', debtId: DEBT_ID, agreementId, reason, now: at('2026-03-20'), actor: ACTOR }) as const,
};

const disputeOpened: DisputeOpened = {
  type: 'DisputeOpened',
  data: { debtId: DEBT_ID, reason: 'I never signed this contract', openedAt: at('2026-01-20') },
};
const settledHistory: DebtEvent[] = [
  registered,
  paymentRecorded('pay-1', 123_456, '2026-01-10', { principal: 123_456 }),
  { type: 'DebtSettled', data: { debtId: DEBT_ID, settledOn: '2026-01-10', paymentId: 'pay-1' } },
];
const writtenOff = (reason: DebtWrittenOff['data']['reason'], note: string): DebtWrittenOff => ({
  type: 'DebtWrittenOff',
  data: { debtId: DEBT_ID, reason, note, writtenOffAt: at('2026-02-01') },
});
const agreementEntered: DebtEvent = { type: 'DebtEnteredAgreement', data: { debtId: DEBT_ID, agreementId: 'agr-1', enteredAt: at('2026-01-25') } };

describe('Debt decider', () => {
  describe('RegisterDebt', () => {
    it('registers a debt without a schedule as a single installment of the whole amount', () => {
      spec.given([]).when(registerDebt()).then([registered]);
    });

    it("keeps the creditor's segment and portfolio, trimmed, and refuses a blank or over-long one naming the field", () => {
      const [registration] = debtDecider.decide(registerDebt({ segment: ' cartao ', portfolio: 'lote-2026-03' }), debtDecider.initialState());
      expect(registration).toMatchObject({ data: { segment: 'cartao', portfolio: 'lote-2026-03' } });
      expect(debtDecider.decide(registerDebt(), debtDecider.initialState())[0]?.data).not.toHaveProperty('segment');
      spec.given([]).when(registerDebt({ segment: '  ' })).thenThrows(ValidationError, /segment: must have 1-50 characters/);
      spec.given([]).when(registerDebt({ portfolio: 'x'.repeat(51) })).thenThrows(ValidationError, /portfolio: must have 1-50 characters/);
    });

    it('registers a schedule of installments that adds up exactly to the original amount', () => {
      spec
        .given([])
        .when(registerDebt({ originalAmount: brl(30_000), dueDate: '2026-03-10', installments: [...THREE_INSTALLMENTS].reverse() }))
        .then([installmentDebtRegistered()]);
    });

    it('classifies a debt registered already past due at once: overdue, in the bucket of its days past due', () => {
      spec
        .given([])
        .when(registerDebt({ now: at('2026-03-30'), classifyAsOf: '2026-03-30' }))
        .then([debtRegistered({ registeredAt: at('2026-03-30') }), becameOverdue('2026-03-30', '2026-01-10', 79), bucketChanged('current', '61-90', 79, '2026-03-30')]);
    });

    it('registers a debt not yet past due as current', () => {
      spec.given([]).when(registerDebt({ classifyAsOf: '2026-01-02' })).then([registered]);
    });

    it('charges 1% a month of default interest unless the contract says otherwise', () => {
      const { monthlyInterestRate: _omitted, ...withoutRate } = registerDebt();
      spec.given([]).when(withoutRate).then([registered]);
    });

    it.each(['0.021', '0.0201', '0.03', '1'])('rejects a late fee of %s, above 2% of the installment (CDC art. 52 §1)', (lateFeeRate) => {
      const error = spec.given([]).when(registerDebt({ lateFeeRate: rate(lateFeeRate) })).thenThrows(ValidationError, /lateFeeRate: must not be above 2%/);
      expect(error.violations.map((v) => v.field)).toEqual(['lateFeeRate']);
    });

    it.each(['0.02', '0.020', '0.015', '0'])('accepts a late fee of %s, within the 2% cap', (lateFeeRate) => {
      spec.given([]).when(registerDebt({ lateFeeRate: rate(lateFeeRate) })).then([debtRegistered({ lateFeeRate })]);
    });

    it.each([
      [0, /originalAmount.amount: must be greater than zero/],
      [-100, /originalAmount.amount: must not be negative/],
    ])('rejects an original amount of %i centavos', (amount, message) => {
      spec.given([]).when(registerDebt({ originalAmount: brl(amount) })).thenThrows(ValidationError, message);
    });

    it('rejects installments that do not add up to the original amount', () => {
      spec
        .given([])
        .when(registerDebt({ originalAmount: brl(30_001), installments: THREE_INSTALLMENTS }))
        .thenThrows(ValidationError, /installments: must add up to originalAmount \(300\.01\), they add up to 300\.00/);
    });

    it('rejects a zero installment, a repeated number and an installment in another currency', () => {
      const error = spec
        .given([])
        .when(
          registerDebt({
            originalAmount: brl(20_000),
            installments: [
              { number: 1, amount: brl(20_000), dueDate: '2026-01-10' },
              { number: 1, amount: brl(0), dueDate: '2026-02-10' },
              { number: 2, amount: { amount: 100, currency: 'USD' }, dueDate: '2026-02-10' },
            ],
          }),
        )
        .thenThrows(ValidationError);
      expect(error.violations.map((v) => v.field)).toEqual(['installments[1].amount.amount', 'installments[2].amount.currency']);
    });

    it('rejects a schedule whose due dates go backwards', () => {
      spec
        .given([])
        .when(
          registerDebt({
            originalAmount: brl(20_000),
            installments: [
              { number: 1, amount: brl(10_000), dueDate: '2026-02-10' },
              { number: 2, amount: brl(10_000), dueDate: '2026-01-10' },
            ],
          }),
        )
        .thenThrows(ValidationError, /installment 2 falls due before installment 1/);
    });

    it.each(['0.1', '0.10', '0.05'])('accepts default interest of %s a month, up to 10%', (monthlyInterestRate) => {
      spec.given([]).when(registerDebt({ monthlyInterestRate: rate(monthlyInterestRate) })).then([debtRegistered({ monthlyInterestRate })]);
    });

    it('rejects an original amount above R$ 100 billion, which no balance could be computed for', () => {
      spec
        .given([])
        .when(registerDebt({ originalAmount: brl(10_000_000_000_001) }))
        .thenThrows(ValidationError, /originalAmount.amount: must be at most 10000000000000 centavos/);
    });

    it('rejects a due date before 1900 or more than 100 years after the command', () => {
      spec.given([]).when(registerDebt({ dueDate: '1899-12-31' })).thenThrows(ValidationError, /dueDate: must not be before 1900-01-01/);
      spec.given([]).when(registerDebt({ dueDate: '2127-01-10' })).thenThrows(ValidationError, /dueDate: must be at most 100 years from today/);
      const error = spec
        .given([])
        .when(registerDebt({ originalAmount: brl(20_000), installments: [{ number: 1, amount: brl(20_000), dueDate: '9999-12-31' }] }))
        .thenThrows(ValidationError);
      expect(error.violations.map((v) => v.field)).toEqual(['installments[0].dueDate']);
    });

    it('rejects an empty schedule and an installment numbered below 1', () => {
      spec.given([]).when(registerDebt({ installments: [] })).thenThrows(ValidationError, /installments: must be a non-empty list when given/);
      spec
        .given([])
        .when(registerDebt({ installments: [{ number: 0, amount: brl(123_456), dueDate: '2026-01-10' }] }))
        .thenThrows(ValidationError, /installments\[0\]\.number: must be a positive integer/);
    });

    it('reports every broken rule of the terms at once', () => {
      const error = spec
        .given([])
        .when(registerDebt({ originalAmount: brl(0), dueDate: '1800-01-01', lateFeeRate: rate('0.03'), monthlyInterestRate: rate('0.11') }))
        .thenThrows(ValidationError);
      expect(error.violations.map((v) => v.field)).toEqual(['originalAmount.amount', 'dueDate', 'lateFeeRate', 'monthlyInterestRate']);
    });

    it('refuses to register the same debt twice', () => {
      spec.given([registered]).when(registerDebt()).thenThrows(DomainRuleViolation, /DEBT_ALREADY_REGISTERED/);
    });
  });

  describe('MarkOverdue', () => {
    it('marks the debt overdue the day after its due date', () => {
      spec.given([registered]).when(command.markOverdue('2026-01-11')).then([becameOverdue('2026-01-11', '2026-01-10', 1)]);
      expect(statusAfter([registered, becameOverdue('2026-01-11', '2026-01-10', 1)])).toBe('overdue');
    });

    it('refuses on the due date itself: nothing is past due yet', () => {
      spec.given([registered]).when(command.markOverdue('2026-01-10')).thenThrows(DomainRuleViolation, /DEBT_NOT_PAST_DUE/);
    });

    it('changes nothing when the debt is already overdue', () => {
      spec.given(overdue).when(command.markOverdue('2026-01-12')).thenNothingHappens();
    });

    it('ignores a stale run older than the latest classification', () => {
      const cured: DebtEvent[] = [
        ...overdue,
        paymentRecorded('pay-1', 123_456 + 2469 + 823, '2026-01-30'),
        { type: 'DebtDelinquencyCured', data: { debtId: DEBT_ID, asOf: '2026-02-20', paymentId: 'pay-1' } },
      ];
      spec.given(cured).when(command.markOverdue('2026-02-19')).thenNothingHappens();
    });

    it('does not mark overdue while the first installment is paid and the next not yet due', () => {
      const firstPaid = [installmentDebtRegistered(), paymentRecorded('pay-1', 10_000, '2026-01-10', { principal: 10_000 })];
      spec.given(firstPaid).when(command.markOverdue('2026-02-05')).thenThrows(DomainRuleViolation, /DEBT_NOT_PAST_DUE/);
      spec.given(firstPaid).when(command.markOverdue('2026-02-11')).then([becameOverdue('2026-02-11', '2026-02-10', 1)]);
    });

    it('rejects an as-of date in the future', () => {
      spec
        .given([registered])
        .when({ ...command.markOverdue('2026-01-20'), now: at('2026-01-11') })
        .thenThrows(ValidationError, /asOf: must not be in the future/);
    });

    it.each([
      ['settled', settledHistory, /DEBT_ALREADY_SETTLED/],
      ['in agreement', [registered, agreementEntered], /DEBT_IN_AGREEMENT/],
      ['disputed', [registered, disputeOpened], /DEBT_DISPUTED/],
      ['written off', [registered, writtenOff('creditor_decision', 'loss')], /DEBT_WRITTEN_OFF/],
    ])('refuses when the debt is %s', (_label, history, code) => {
      spec.given(history).when(command.markOverdue('2026-01-15')).thenThrows(DomainRuleViolation, code);
    });
  });

  describe('ChangeAgingBucket', () => {
    it('keeps the bucket on day 30 and moves it to 31-60 on day 31', () => {
      spec.given(overdue).when(command.changeAgingBucket('2026-02-09')).thenNothingHappens();
      spec.given(overdue).when(command.changeAgingBucket('2026-02-10')).then([bucketChanged('1-30', '31-60', 31, '2026-02-10')]);
    });

    it('moves a debt straight to the bucket its days past due fall in', () => {
      spec.given([registered]).when(command.changeAgingBucket('2027-01-06')).then([bucketChanged('current', '360+', 361, '2027-01-06')]);
    });

    it('keeps counting from the unpaid due date after a partial payment', () => {
      // Paid R$ 50,00 on day 26 (2026-02-05): interest 1070, fee 2469, principal 1461.
      const partlyPaid = [...overdue, paymentRecorded('pay-1', 5000, '2026-02-05', { interest: 1070, lateFee: 2469, principal: 1461 })];
      spec.given(partlyPaid).when(command.changeAgingBucket('2026-02-10')).then([bucketChanged('1-30', '31-60', 31, '2026-02-10')]);
    });

    it('ignores a stale run older than the latest classification', () => {
      const later = [...overdue, bucketChanged('1-30', '31-60', 31, '2026-02-10')];
      spec.given(later).when(command.changeAgingBucket('2026-02-01')).thenNothingHappens();
    });

    it('refuses on a settled debt', () => {
      spec.given(settledHistory).when(command.changeAgingBucket('2026-03-01')).thenThrows(DomainRuleViolation, /DEBT_ALREADY_SETTLED/);
    });
  });

  describe('RecordPayment', () => {
    it('settles the debt when a payment covers the whole balance', () => {
      // 2026-01-30, 20 days past due: interest 123456 x 0.01 x 20 / 30 = 823.04 -> 823,
      // fee 2469; the balance is 123456 + 2469 + 823 = 126748.
      const events: DebtEvent[] = [
        paymentRecorded('pay-1', 126_748, '2026-01-30', { interest: 823, lateFee: 2469, principal: 123_456 }),
        { type: 'DebtSettled', data: { debtId: DEBT_ID, settledOn: '2026-01-30', paymentId: 'pay-1' } },
      ];
      spec.given(overdue).when(pay('pay-1', 126_748, '2026-01-30')).then(events);
      expect(statusAfter([...overdue, ...events])).toBe('settled');
    });

    it('records the excess of a payment as overpayment, never as something owed', () => {
      spec
        .given([registered])
        .when(pay('pay-1', 130_000, '2026-01-10'))
        .then([
          paymentRecorded('pay-1', 130_000, '2026-01-10', { principal: 123_456, overpayment: 6544 }),
          { type: 'DebtSettled', data: { debtId: DEBT_ID, settledOn: '2026-01-10', paymentId: 'pay-1' } },
        ]);
    });

    it('allocates a partial payment to interest, then the late fee, then principal', () => {
      // 50000 on day 20: interest 823, fee 2469, principal 46708. Still 1-30: no reclassification.
      spec
        .given(overdue)
        .when(pay('pay-1', 50_000, '2026-01-30'))
        .then([paymentRecorded('pay-1', 50_000, '2026-01-30', { interest: 823, lateFee: 2469, principal: 46_708 })]);
    });

    it("pays in the contract's order of imputation when it stipulates one: the late fee before interest", () => {
      // 2000 on day 20: by default interest 823 then fee 1177; with the fee first, all 2000 to the fee
      spec.given(overdue).when(pay('pay-1', 2000, '2026-01-30')).then([paymentRecorded('pay-1', 2000, '2026-01-30', { interest: 823, lateFee: 1177 })]);
      const feeFirst = [debtRegistered({ allocationOrder: ['lateFee', 'interest', 'principal'] }), ...overdue.slice(1)];
      spec.given(feeFirst).when(pay('pay-1', 2000, '2026-01-30')).then([paymentRecorded('pay-1', 2000, '2026-01-30', { lateFee: 2000 })]);
      expect(balanceAsOf([...feeFirst, paymentRecorded('pay-1', 2000, '2026-01-30', { lateFee: 2000 })], '2026-01-30')).toMatchObject({ lateFee: brl(469), interest: brl(823) });
    });

    it('records the order of imputation a registration gives, and refuses one that does not name each part once', () => {
      const [registered] = debtDecider.decide(registerDebt({ allocationOrder: ['principal', 'lateFee', 'interest'] }), debtDecider.initialState());
      expect(registered).toMatchObject({ data: { allocationOrder: ['principal', 'lateFee', 'interest'] } });
      spec.given([]).when(registerDebt({ allocationOrder: ['interest', 'interest', 'principal'] as never })).thenThrows(ValidationError, /allocationOrder: must name interest, lateFee and principal, each once/);
    });

    it('ignores a payment id already applied', () => {
      spec
        .given([...overdue, paymentRecorded('pay-1', 50_000, '2026-01-30', { interest: 823, lateFee: 2469, principal: 46_708 })])
        .when(pay('pay-1', 50_000, '2026-01-30'))
        .thenNothingHappens();
    });

    it('cures the delinquency when a payment covers every overdue installment', () => {
      // Installment 1 (R$ 100,00) paid on 2026-01-25, 15 days late: interest
      // 10000 x 0.01 x 15 / 30 = 50, fee 200: 10250 clears it; installment 2 is due Feb 10.
      const history = [
        installmentDebtRegistered(),
        becameOverdue('2026-01-20', '2026-01-10', 10),
        bucketChanged('current', '1-30', 10, '2026-01-20'),
      ];
      const events: DebtEvent[] = [
        paymentRecorded('pay-1', 10_250, '2026-01-25', { interest: 50, lateFee: 200, principal: 10_000 }),
        { type: 'DebtDelinquencyCured', data: { debtId: DEBT_ID, asOf: '2026-01-25', paymentId: 'pay-1' } },
        bucketChanged('1-30', 'current', 0, '2026-01-25'),
      ];
      spec.given(history).when(pay('pay-1', 10_250, '2026-01-25')).then(events);
      expect(statusAfter([...history, ...events])).toBe('open');
    });

    it('reclassifies an open debt as overdue from the date of a late partial payment', () => {
      // Day 10: interest 123456 x 0.01 x 10 / 30 = 411.52 -> 412, fee 2469, principal 7119.
      spec
        .given([registered])
        .when(pay('pay-1', 10_000, '2026-01-20'))
        .then([
          paymentRecorded('pay-1', 10_000, '2026-01-20', { interest: 412, lateFee: 2469, principal: 7119 }),
          becameOverdue('2026-01-20', '2026-01-10', 10),
          bucketChanged('current', '1-30', 10, '2026-01-20'),
        ]);
    });

    it('applies a back-dated payment from its own date without rolling the classification back', () => {
      // Classified 31-60 as of 2026-02-15; a payment dated 2026-01-15 (day 5) arrives later:
      // interest 123456 x 0.01 x 5 / 30 = 205.76 -> 206, fee 2469, principal 2325.
      // As of 2026-02-15 the debt is still 36 days past due: no bucket change back to 1-30.
      const history = [...overdue, bucketChanged('1-30', '31-60', 36, '2026-02-15')];
      spec
        .given(history)
        .when(pay('pay-1', 5000, '2026-01-15', at('2026-02-20')))
        .then([paymentRecorded('pay-1', 5000, '2026-01-15', { interest: 206, lateFee: 2469, principal: 2325 }, at('2026-02-20'))]);
    });

    it('records a payment on a settled debt entirely as overpayment, without settling it again', () => {
      spec
        .given(settledHistory)
        .when(pay('pay-2', 1000, '2026-01-12'))
        .then([paymentRecorded('pay-2', 1000, '2026-01-12', { overpayment: 1000 })]);
    });

    it('records a payment on a debt cancelled by an upheld dispute entirely as overpayment', () => {
      spec
        .given([registered, disputeOpened, writtenOff('dispute_upheld', 'I never signed this contract')])
        .when(pay('pay-1', 5000, '2026-02-02'))
        .then([paymentRecorded('pay-1', 5000, '2026-02-02', { overpayment: 5000 })]);
    });

    it('settles a debt the creditor wrote off as a loss when it is paid after all', () => {
      const history = [registered, writtenOff('creditor_decision', 'uncollectible')];
      const events: DebtEvent[] = [
        paymentRecorded('pay-1', 123_456, '2026-01-10', { principal: 123_456 }),
        { type: 'DebtSettled', data: { debtId: DEBT_ID, settledOn: '2026-01-10', paymentId: 'pay-1' } },
      ];
      spec.given(history).when(pay('pay-1', 123_456, '2026-01-10')).then(events);
      expect(statusAfter([...history, ...events])).toBe('settled');
    });

    it('keeps the debt in agreement when a payment does not settle it', () => {
      const history = [...overdue, agreementEntered];
      const [recorded] = debtDecider.decide(pay('pay-1', 50_000, '2026-01-30'), fold(debtDecider, history));
      expect(statusAfter([...history, recorded!])).toBe('in_agreement');
    });

    it.each([
      [{ amount: brl(0) }, /amount.amount: must be greater than zero/],
      [{ amount: { amount: 100, currency: 'USD' as const } }, /amount.currency: must be BRL, the currency of the debt/],
      [{ amount: brl(-100) }, /amount.amount: must not be negative/],
      [{ paidOn: '2026-02-01', now: at('2026-01-20') }, /paidOn: must not be in the future/],
    ])('rejects a payment that breaks a rule of the debt %j', (overrides, message) => {
      spec
        .given(overdue)
        .when({ ...pay('pay-1', 1000, '2026-01-20'), ...overrides })
        .thenThrows(ValidationError, message);
    });

    it('refuses a payment for a debt that was never registered', () => {
      spec.given([]).when(pay('pay-1', 1000, '2026-01-20')).thenThrows(DomainRuleViolation, /DEBT_NOT_REGISTERED/);
    });
  });

  describe('ReversePayment', () => {
    const reverse = (paymentId: string, reversedOn: string, now = at(reversedOn), reason: 'reversal' | 'chargeback' = 'chargeback'): ReversePayment => ({
      type: 'ReversePayment',
      debtId: DEBT_ID,
      paymentId,
      reversedOn,
      reason,
      now,
      actor: ACTOR,
    });
    const reversed = (paymentId: string, amount: number, paidOn: string, reversedOn: string): DebtEvent => ({
      type: 'DebtPaymentReversed',
      data: { debtId: DEBT_ID, paymentId, amount: brl(amount), paidOn, reversedOn, reason: 'chargeback', reversedAt: at(reversedOn) },
    });
    const paidInFull: DebtEvent[] = [
      ...overdue,
      paymentRecorded('pay-1', 126_748, '2026-01-30', { interest: 823, lateFee: 2469, principal: 123_456 }),
      { type: 'DebtSettled', data: { debtId: DEBT_ID, settledOn: '2026-01-30', paymentId: 'pay-1' } },
    ];

    it('reopens a debt its payment had settled, overdue again and aged as of the reversal', () => {
      // As of 2026-02-20 the debt is 41 days past due, as if never paid: bucket 31-60.
      const events: DebtEvent[] = [
        reversed('pay-1', 126_748, '2026-01-30', '2026-02-20'),
        { type: 'DebtReopened', data: { debtId: DEBT_ID, paymentId: 'pay-1', reopenedOn: '2026-02-20' } },
        bucketChanged('1-30', '31-60', 41, '2026-02-20'),
      ];
      spec.given(paidInFull).when(reverse('pay-1', '2026-02-20')).then(events);
      const history = [...paidInFull, ...events];
      expect(statusAfter(history)).toBe('overdue');
      // 123456 + fee 2469 + interest 123456 x 0.01 x 41 / 30 = 1687.23 -> 1687
      expect(balanceAsOf(history, '2026-02-20').totalDue).toEqual(brl(123_456 + 2469 + 1687));
    });

    it('restores, as of any date, exactly the balance the debt would have had without the payment', () => {
      const partial = paymentRecorded('pay-1', 50_000, '2026-01-30', { interest: 823, lateFee: 2469, principal: 46_708 });
      const history = [...overdue, partial];
      const events = debtDecider.decide(reverse('pay-1', '2026-02-05'), fold(debtDecider, history));
      for (const asOf of ['2026-01-30', '2026-02-05', '2026-03-31', '2027-01-10']) {
        expect(balanceAsOf([...history, ...events], asOf)).toEqual(balanceAsOf(overdue, asOf));
      }
    });

    it('makes a debt a payment had cured overdue again from its earliest unpaid due date', () => {
      const history = [
        installmentDebtRegistered(),
        becameOverdue('2026-01-20', '2026-01-10', 10),
        bucketChanged('current', '1-30', 10, '2026-01-20'),
        paymentRecorded('pay-1', 10_250, '2026-01-25', { interest: 50, lateFee: 200, principal: 10_000 }),
        { type: 'DebtDelinquencyCured', data: { debtId: DEBT_ID, asOf: '2026-01-25', paymentId: 'pay-1' } } as DebtEvent,
        bucketChanged('1-30', 'current', 0, '2026-01-25'),
      ];
      const events: DebtEvent[] = [
        reversed('pay-1', 10_250, '2026-01-25', '2026-01-28'),
        becameOverdue('2026-01-28', '2026-01-10', 18),
        bucketChanged('current', '1-30', 18, '2026-01-28'),
      ];
      spec.given(history).when(reverse('pay-1', '2026-01-28')).then(events);
      expect(statusAfter([...history, ...events])).toBe('overdue');
    });

    it('leaves a debt settled when the reversed payment had only overpaid it', () => {
      const history = [...paidInFull, paymentRecorded('pay-2', 1000, '2026-02-01', { overpayment: 1000 })];
      spec.given(history).when(reverse('pay-2', '2026-02-03')).then([reversed('pay-2', 1000, '2026-02-01', '2026-02-03')]);
      expect(statusAfter([...history, reversed('pay-2', 1000, '2026-02-01', '2026-02-03')])).toBe('settled');
    });

    it('changes nothing when the same reversal arrives again', () => {
      spec
        .given([...paidInFull, reversed('pay-1', 126_748, '2026-01-30', '2026-02-20')])
        .when(reverse('pay-1', '2026-02-20'))
        .thenNothingHappens();
    });

    it('does not record a reversed payment again when its notice is redelivered', () => {
      spec
        .given([...paidInFull, reversed('pay-1', 126_748, '2026-01-30', '2026-02-20')])
        .when(pay('pay-1', 126_748, '2026-01-30', at('2026-02-21')))
        .thenNothingHappens();
    });

    it('refuses to reverse a payment the debt never recorded', () => {
      spec.given(overdue).when(reverse('pay-9', '2026-02-20')).thenThrows(DomainRuleViolation, /PAYMENT_NOT_RECORDED/);
    });

    it.each([
      [reverse('pay-1', '2026-01-29'), /reversedOn: must not be before the payment's date, 2026-01-30/],
      [reverse('pay-1', '2026-03-01', at('2026-02-20')), /reversedOn: must not be in the future/],
    ])('refuses a reversal dated before its payment or in the future (%#)', (command, message) => {
      spec.given(paidInFull).when(command).thenThrows(ValidationError, message);
    });
  });

  describe('disputes', () => {
    it('opens a dispute, which suspends the debt', () => {
      spec.given(overdue).when(command.openDispute()).then([disputeOpened]);
      expect(statusAfter([...overdue, disputeOpened])).toBe('disputed');
    });

    it('refuses a second dispute while one is open', () => {
      spec.given([...overdue, disputeOpened]).when(command.openDispute('another reason')).thenThrows(DomainRuleViolation, /DEBT_DISPUTED/);
    });

    it('refuses a dispute on a settled debt', () => {
      spec.given(settledHistory).when(command.openDispute()).thenThrows(DomainRuleViolation, /DEBT_ALREADY_SETTLED/);
    });

    it('returns to the previous status when the dispute is rejected', () => {
      const resolved: DebtEvent = { type: 'DisputeResolved', data: { debtId: DEBT_ID, outcome: 'rejected', resolvedAt: at('2026-02-01') } };
      spec.given([...overdue, disputeOpened]).when(command.resolveDispute('rejected')).then([resolved]);
      expect(statusAfter([...overdue, disputeOpened, resolved])).toBe('overdue');
      expect(statusAfter([registered, agreementEntered, disputeOpened, resolved])).toBe('in_agreement');
    });

    it('cancels the debt as written off when the dispute is upheld, and nothing is owed', () => {
      const events: DebtEvent[] = [
        { type: 'DisputeResolved', data: { debtId: DEBT_ID, outcome: 'upheld', resolvedAt: at('2026-02-01') } },
        writtenOff('dispute_upheld', 'I never signed this contract'),
      ];
      spec.given([...overdue, disputeOpened]).when(command.resolveDispute('upheld')).then(events);
      const history = [...overdue, disputeOpened, ...events];
      expect(statusAfter(history)).toBe('written_off');
      expect(balanceAsOf(history, '2026-03-01').totalDue).toEqual(brl(0));
    });

    it('refuses to resolve a dispute that was never opened', () => {
      spec.given(overdue).when(command.resolveDispute('rejected')).thenThrows(DomainRuleViolation, /DEBT_NOT_DISPUTED/);
    });

  });

  describe('WriteOff', () => {
    it('writes the debt off as the creditor’s loss, keeping the reason', () => {
      const event: DebtWrittenOff = {
        type: 'DebtWrittenOff',
        data: { debtId: DEBT_ID, reason: 'creditor_decision', note: 'uncollectible after legal review', writtenOffAt: at('2026-06-01') },
      };
      spec.given(overdue).when(command.writeOff()).then([event]);
      expect(statusAfter([...overdue, event])).toBe('written_off');
    });

    it('refuses to write off a settled debt', () => {
      spec.given(settledHistory).when(command.writeOff()).thenThrows(DomainRuleViolation, /DEBT_ALREADY_SETTLED/);
    });

    it('refuses while a dispute is open: an upheld dispute would cancel the debt instead', () => {
      spec.given([...overdue, disputeOpened]).when(command.writeOff()).thenThrows(DomainRuleViolation, /DEBT_DISPUTED/);
    });

    it('changes nothing when the debt is already written off', () => {
      spec.given([...overdue, writtenOff('creditor_decision', 'loss')]).when(command.writeOff()).thenNothingHappens();
    });
  });

  describe('agreements', () => {
    it('moves the debt into an agreement', () => {
      spec.given(overdue).when(command.enterAgreement()).then([agreementEntered]);
      expect(statusAfter([...overdue, agreementEntered])).toBe('in_agreement');
    });

    it('changes nothing when the same agreement is entered again', () => {
      spec.given([...overdue, agreementEntered]).when(command.enterAgreement()).thenNothingHappens();
    });

    it('refuses a second agreement while one is active', () => {
      spec.given([...overdue, agreementEntered]).when(command.enterAgreement('agr-2')).thenThrows(DomainRuleViolation, /DEBT_IN_AGREEMENT/);
    });

    it('refuses an agreement on a disputed or settled debt', () => {
      spec.given([...overdue, disputeOpened]).when(command.enterAgreement()).thenThrows(DomainRuleViolation, /DEBT_DISPUTED/);
      spec.given(settledHistory).when(command.enterAgreement()).thenThrows(DomainRuleViolation, /DEBT_ALREADY_SETTLED/);
    });

    it('returns to overdue when the agreement is broken', () => {
      const left: DebtEvent = {
        type: 'DebtLeftAgreement',
        data: { debtId: DEBT_ID, agreementId: 'agr-1', reason: 'broken: installment 2 unpaid past tolerance', leftAt: at('2026-03-20') },
      };
      spec.given([...overdue, agreementEntered]).when(command.leaveAgreement()).then([left]);
      expect(statusAfter([...overdue, agreementEntered, left])).toBe('overdue');
    });

    describe('fulfilled with a discount', () => {
      // In agreement from 2026-01-25; paid 100000 on 2026-02-10 (31 days late: interest
      // 1276, fee 2469, principal 96255) and 20000 on 2026-03-20 (interest on the 27201 left,
      // 38 days: 344.55 -> 345; principal 19655). 7546 of principal is still owed: the discount.
      const first = paymentRecorded('pay-1', 100_000, '2026-02-10', { interest: 1276, lateFee: 2469, principal: 96_255 });
      const last = paymentRecorded('pay-2', 20_000, '2026-03-20', { interest: 345, principal: 19_655 });
      const inAgreement = [...overdue, agreementEntered, first, last];
      const fulfil = { ...command.leaveAgreement('agr-1', 'completed: every installment paid'), fulfilledOn: '2026-03-20' };
      const left: DebtEvent = { type: 'DebtLeftAgreement', data: { debtId: DEBT_ID, agreementId: 'agr-1', reason: 'completed: every installment paid', leftAt: at('2026-03-20') } };
      const settled: DebtEvent = { type: 'DebtSettled', data: { debtId: DEBT_ID, settledOn: '2026-03-20', agreement: { agreementId: 'agr-1', waived: brl(7546) } } };

      it('settles the debt, waiving what it still owed on the day the agreement was fulfilled, so nothing is demanded again', () => {
        spec.given(inAgreement).when(fulfil).then([left, settled]);
        const history = [...inAgreement, left, settled];
        expect(statusAfter(history)).toBe('settled');
        for (const asOf of ['2026-03-20', '2026-12-31']) {
          expect(balanceAsOf(history, asOf)).toMatchObject({ totalDue: brl(0), waived: brl(7546), overpaid: brl(0), paidOffOn: '2026-03-20' });
        }
        // before that day the debt owed what it owed: the waiver is not back-dated
        expect(balanceAsOf(history, '2026-03-19').totalDue.amount).toBeGreaterThan(0);
      });

      it('applies a payment of the agreement recorded after the settlement but dated before it, shrinking the waiver, not as overpayment', () => {
        const history = [...overdue, agreementEntered, first, left, { ...settled, data: { ...settled.data, agreement: { agreementId: 'agr-1', waived: brl(27_546) } } } as DebtEvent];
        const [recorded] = debtDecider.decide(pay('pay-2', 20_000, '2026-03-20', at('2026-03-21')), fold(debtDecider, history));
        expect(recorded).toEqual(paymentRecorded('pay-2', 20_000, '2026-03-20', { interest: 345, principal: 19_655 }, at('2026-03-21')));
        expect(balanceAsOf([...history, recorded!], '2026-04-01')).toMatchObject({ totalDue: brl(0), waived: brl(7546), overpaid: brl(0) });
      });

      it('counts a payment dated after the settlement as overpayment, kept for a refund', () => {
        const history = [...inAgreement, left, settled];
        spec.given(history).when(pay('pay-3', 5000, '2026-04-01')).then([paymentRecorded('pay-3', 5000, '2026-04-01', { overpayment: 5000 })]);
      });

      it('only leaves the agreement when the payments had settled the debt already', () => {
        spec.given(settledHistory).when({ ...fulfil, agreementId: 'agr-9' }).thenThrows(DomainRuleViolation, /DEBT_NOT_IN_AGREEMENT/);
        const paidOff = [...overdue, agreementEntered, paymentRecorded('pay-1', 126_748, '2026-01-30', { interest: 823, lateFee: 2469, principal: 123_456 }), { type: 'DebtSettled', data: { debtId: DEBT_ID, settledOn: '2026-01-30', paymentId: 'pay-1' } } as DebtEvent];
        spec.given(paidOff).when(fulfil).then([left]);
      });
    });

    it('changes nothing when an agreement already left is left or entered again', () => {
      const left: DebtEvent = { type: 'DebtLeftAgreement', data: { debtId: DEBT_ID, agreementId: 'agr-1', reason: 'broken', leftAt: at('2026-03-20') } };
      spec.given([...overdue, agreementEntered, left]).when(command.leaveAgreement()).thenNothingHappens();
      spec.given([...overdue, agreementEntered, left]).when(command.enterAgreement()).thenNothingHappens();
    });

    it('refuses to leave an agreement the debt is not in', () => {
      spec.given(overdue).when(command.leaveAgreement('agr-9')).thenThrows(DomainRuleViolation, /DEBT_NOT_IN_AGREEMENT/);
    });
  });

  it('emits events that survive a JSON round trip unchanged', () => {
    const events = debtDecider.decide(pay('pay-1', 10_000, '2026-01-20'), fold(debtDecider, [registered]));
    expect(JSON.parse(JSON.stringify(events))).toEqual(events);
  });
});
