import { Money, ValidationError, fold } from '@collections/shared-kernel';
import { DeciderSpecification } from '@collections/shared-testing';
import { NegotiationRuleViolation } from '../negotiation-rule-code';
import type { OfferTerms } from '../offer/compute-offer';
import { AGREEMENT_ID, DEBTOR_ID, DEBT_IDS, OFFER_ID, TENANT, at, brl } from '../testing/negotiation.fixtures';
import type { AgreementCommand, EnterAgreement } from './agreement.commands';
import { agreementDecider, remainingOf, type EnteredAgreement } from './agreement.decider';
import type { AgreementEvent, InstallmentPaid } from './agreement.events';

const spec = DeciderSpecification.for(agreementDecider);

// Three installments of R$ 100,00 on the 10th of Jan, Feb and Mar 2027, 2% a month,
// 5 days of tolerance.
const schedule = [
  { number: 1, dueDate: '2027-01-10', amount: brl(10_000), kind: 'installment' as const },
  { number: 2, dueDate: '2027-02-10', amount: brl(10_000), kind: 'installment' as const },
  { number: 3, dueDate: '2027-03-10', amount: brl(10_000), kind: 'installment' as const },
];
const terms = { schedule, total: brl(30_000), monthlyInterestRate: '0.02' } as unknown as OfferTerms;
const scope = { agreementId: AGREEMENT_ID, debtorId: DEBTOR_ID, debtIds: DEBT_IDS };

const enter = (overrides: Partial<EnterAgreement> = {}): EnterAgreement => ({
  type: 'EnterAgreement',
  agreementId: AGREEMENT_ID,
  tenantId: TENANT,
  debtorId: DEBTOR_ID,
  debtIds: DEBT_IDS,
  offerId: OFFER_ID,
  terms,
  toleranceDays: 5,
  renegotiationCount: 0,
  renegotiationLimit: 1,
  now: at('2026-12-20'),
  actor: 'system:offer-accepted',
  ...overrides,
});

const entered: AgreementEvent = {
  type: 'AgreementEntered',
  data: {
    ...scope,
    tenantId: TENANT as never,
    offerId: OFFER_ID,
    schedule: schedule.map(({ number, dueDate, amount }) => ({ number, dueDate, amount })),
    total: brl(30_000),
    monthlyInterestRate: '0.02',
    toleranceDays: 5,
    renegotiationCount: 0,
    renegotiates: null,
    enteredAt: at('2026-12-20'),
  },
};

const pay = (paymentId: string, amount: number, paidOn: string): AgreementCommand => ({
  type: 'RecordAgreementPayment',
  agreementId: AGREEMENT_ID,
  paymentId,
  amount: brl(amount),
  paidOn,
  now: at(paidOn),
  actor: 'system:payments',
});
const check = (asOf: string): AgreementCommand => ({ type: 'CheckInstallments', agreementId: AGREEMENT_ID, asOf, now: at(asOf), actor: 'system:agreement-deadlines' });

const allocation = (installment: number, amount: number, waived = 0) => ({ installment, amount: brl(amount), waived: brl(waived) });
const paid = (paymentId: string, amount: number, paidOn: string, allocations: ReturnType<typeof allocation>[], surplus = 0, earlySettlement = false): InstallmentPaid => ({
  type: 'InstallmentPaid',
  data: { agreementId: AGREEMENT_ID, paymentId, amount: brl(amount), paidOn, allocations, surplus: brl(surplus), earlySettlement, recordedAt: at(paidOn) },
});

/** Runs commands one after the other, each on the history so far, as the service would. */
function run(history: AgreementEvent[], ...commands: AgreementCommand[]): AgreementEvent[] {
  return commands.reduce((events, command) => [...events, ...agreementDecider.decide(command, fold(agreementDecider, events))], history);
}

describe('agreement', () => {
  describe('entering', () => {
    it('an accepted offer becomes an agreement with its schedule, debts and offer', () => {
      spec.given([]).when(enter()).then([entered]);
    });

    it('refuses a schedule that does not add up to its total', () => {
      spec
        .given([])
        .when(enter({ terms: { ...terms, total: brl(30_001) } }))
        .thenThrows(ValidationError, /terms.schedule/);
    });

    it('a renegotiation beyond the policy limit is refused; the count is carried on the agreement', () => {
      spec.given([]).when(enter({ renegotiationCount: 2, renegotiationLimit: 1, renegotiates: OFFER_ID })).thenThrows(NegotiationRuleViolation, /RENEGOTIATION_LIMIT_REACHED/);
      spec
        .given([])
        .when(enter({ renegotiationCount: 1, renegotiates: OFFER_ID }))
        .then((events) => expect(events[0]).toMatchObject({ data: { renegotiationCount: 1, renegotiates: OFFER_ID } }));
    });

    it('an agreement is entered once', () => {
      spec.given([entered]).when(enter()).thenThrows(NegotiationRuleViolation, /AGREEMENT_ALREADY_ENTERED/);
    });
  });

  describe('payments', () => {
    it('a payment pays the oldest installment first', () => {
      spec.given([entered]).when(pay('pix-1', 10_000, '2027-01-08')).then([paid('pix-1', 10_000, '2027-01-08', [allocation(1, 10_000)])]);
    });

    it('partial payments accumulate on the installment, then spill onto the next', () => {
      const history = run([entered], pay('pix-1', 6_000, '2027-01-08'), pay('pix-2', 7_000, '2027-01-09'));
      expect(history.at(-1)).toEqual(paid('pix-2', 7_000, '2027-01-09', [allocation(1, 4_000), allocation(2, 3_000)]));
      const state = fold(agreementDecider, history) as EnteredAgreement;
      expect(state.installments.map(remainingOf)).toEqual([0, 7_000, 10_000]);
    });

    it('a payment applied twice changes nothing', () => {
      spec.given([entered, paid('pix-1', 10_000, '2027-01-08', [allocation(1, 10_000)])]).when(pay('pix-1', 10_000, '2027-01-08')).thenNothingHappens();
    });

    it('paying every installment fulfils the agreement', () => {
      const history = run([entered], pay('pix-1', 20_000, '2027-02-01'), pay('pix-2', 10_000, '2027-03-01'));
      expect(history.slice(-2)).toEqual([
        { type: 'AgreementFulfilled', data: { ...scope, fulfilledOn: '2027-03-01', earlySettlement: false, endedAt: at('2027-03-01') } },
        { type: 'AgreementEnded', data: { ...scope, endedAt: at('2027-03-01'), reason: 'completed' } },
      ]);
    });

    it('an overpayment beyond the agreement is reported as a surplus, never lost', () => {
      const events = run([entered], pay('pix-1', 35_000, '2027-01-05')).slice(1);
      expect(events[0]).toEqual(paid('pix-1', 35_000, '2027-01-05', [allocation(1, 10_000), allocation(2, 10_000), allocation(3, 10_000)], 5_000));
      expect(events[1]?.type).toBe('AgreementFulfilled');
    });

    it('money arriving after the agreement ended is still recorded, as surplus', () => {
      const history = run([entered], pay('pix-1', 30_000, '2027-01-05'));
      spec.given(history).when(pay('pix-2', 1_000, '2027-01-06')).then([paid('pix-2', 1_000, '2027-01-06', [], 1_000)]);
    });

    it('refuses a payment in another currency', () => {
      spec.given([entered]).when({ ...pay('p', 100, '2027-01-05'), amount: Money.of(100, 'USD') } as AgreementCommand).thenThrows(ValidationError, /amount.currency/);
    });
  });

  describe('charges', () => {
    it('an installment charge asks for what is still owed on it', () => {
      const history = run([entered], pay('pix-1', 4_000, '2027-01-05'));
      spec
        .given(history)
        .when({ type: 'RequestInstallmentCharge', agreementId: AGREEMENT_ID, installment: 1, now: at('2027-01-06'), actor: 'system:billing' })
        .then([{ type: 'InstallmentChargeRequested', data: { ...scope, installment: 1, dueDate: '2027-01-10', amount: brl(6_000), requestedAt: at('2027-01-06') } }]);
    });

    it('a charge requested twice for the same amount is requested once; after a partial payment the rest is charged', () => {
      const charge = { type: 'RequestInstallmentCharge', agreementId: AGREEMENT_ID, installment: 1, now: at('2027-01-06'), actor: 'system:billing' } as const;
      const charged = run([entered], charge);
      spec.given(charged).when(charge).thenNothingHappens();
      spec
        .given(run(charged, pay('pix-1', 2_500, '2027-01-07')))
        .when(charge)
        .then((events) => expect(events).toMatchObject([{ type: 'InstallmentChargeRequested', data: { installment: 1, amount: brl(7_500) } }]));
    });

    it('a paid installment or one that does not exist is not charged', () => {
      const history = run([entered], pay('pix-1', 10_000, '2027-01-05'));
      const charge = (installment: number) => ({ type: 'RequestInstallmentCharge', agreementId: AGREEMENT_ID, installment, now: at('2027-01-06'), actor: 'system:billing' }) as const;
      spec.given(history).when(charge(1)).thenThrows(NegotiationRuleViolation, /INSTALLMENT_ALREADY_PAID/);
      spec.given(history).when(charge(4)).thenThrows(NegotiationRuleViolation, /INSTALLMENT_NOT_FOUND/);
    });
  });

  describe('overdue and breakage', () => {
    it('an installment unpaid the day after its due date is overdue, once', () => {
      const overdue: AgreementEvent = {
        type: 'InstallmentOverdue',
        data: { agreementId: AGREEMENT_ID, installment: 1, dueDate: '2027-01-10', outstanding: brl(10_000), asOf: '2027-01-11' },
      };
      spec.given([entered]).when(check('2027-01-11')).then([overdue]);
      spec.given([entered, overdue]).when(check('2027-01-12')).thenNothingHappens();
    });

    it('nothing is overdue on the due date itself', () => {
      spec.given([entered]).when(check('2027-01-10')).thenNothingHappens();
    });

    it('an installment paid late but within tolerance does not break the agreement', () => {
      const history = run([entered], check('2027-01-11'), pay('boleto-1', 10_000, '2027-01-15'));
      spec.given(history).when(check('2027-01-16')).thenNothingHappens();
    });

    it('an installment unpaid past the tolerance on its check date breaks the agreement; what was paid stays allocated', () => {
      const history = run([entered], pay('pix-1', 4_000, '2027-01-09'), check('2027-01-11'));
      spec.given(history).when(check('2027-01-15')).thenNothingHappens();
      spec.given(history).when(check('2027-01-16')).then([
        {
          type: 'AgreementBroken',
          data: { ...scope, unpaidInstallment: 1, asOf: '2027-01-16', paid: brl(4_000), outstanding: brl(26_000), renegotiationCount: 0, endedAt: at('2027-01-16') },
        },
        { type: 'AgreementEnded', data: { ...scope, endedAt: at('2027-01-16'), reason: 'broken', unpaidInstallment: 1 } },
      ]);
      const broken = run(history, check('2027-01-16'));
      const state = fold(agreementDecider, broken) as EnteredAgreement;
      expect(state.status).toBe('broken');
      expect(state.installments[0]?.paid).toBe(4_000);
    });

    it('a zero tolerance breaks the agreement the day after the due date', () => {
      const history = run([], enter({ toleranceDays: 0 }));
      spec.given(history).when(check('2027-01-11')).then((events) => expect(events.map((e) => e.type)).toEqual(['InstallmentOverdue', 'AgreementBroken', 'AgreementEnded']));
    });

    it('a deadline after the agreement ended changes nothing', () => {
      const history = run([entered], check('2027-01-16'));
      spec.given(history).when(check('2027-02-16')).thenNothingHappens();
    });
  });

  describe('cancellation', () => {
    const cancel = { type: 'CancelAgreement', agreementId: AGREEMENT_ID, cancelledBy: 'debtor', reason: 'paid the creditor directly', now: at('2027-01-03'), actor: 'user:agent-7' } as const;

    it('the debtor or the creditor cancels an active agreement', () => {
      spec.given([entered]).when(cancel).then([
        { type: 'AgreementCancelled', data: { ...scope, cancelledBy: 'debtor', reason: 'paid the creditor directly', endedAt: at('2027-01-03') } },
        { type: 'AgreementEnded', data: { ...scope, endedAt: at('2027-01-03'), reason: 'cancelled', cancelledBy: 'debtor' } },
      ]);
    });

    it('an agreement that ended cannot be cancelled', () => {
      spec.given(run([entered], cancel)).when(cancel).thenThrows(NegotiationRuleViolation, /AGREEMENT_ENDED/);
    });
  });

  describe('early settlement', () => {
    const quote = (asOf: string, validUntil?: string): AgreementCommand => ({
      type: 'QuoteEarlySettlement',
      agreementId: AGREEMENT_ID,
      asOf,
      ...(validUntil ? { validUntil } : {}),
      now: at(asOf),
      actor: `debtor:${DEBTOR_ID}`,
    });

    it('the rest is quoted with the interest of the months not yet run taken off', () => {
      const history = run([entered], pay('pix-1', 10_000, '2027-01-10'));
      spec.given(history).when(quote('2027-01-10', '2027-01-12')).then((events) => {
        // Feb 10 is one month early: 100.00 / 1.02 = 98.04; Mar 10 two months: 100.00 / 1.02^2 = 96.12
        expect(events[0]).toMatchObject({
          type: 'EarlySettlementQuoted',
          data: { installments: [{ installment: 2, amount: brl(9_804), waived: brl(196) }, { installment: 3, amount: brl(9_612), waived: brl(388) }], amount: brl(19_416), waived: brl(584) },
        });
      });
    });

    it('paying the quote within its validity fulfils the agreement, the waived interest recorded per installment', () => {
      const history = run([entered], pay('pix-1', 10_000, '2027-01-10'), quote('2027-01-10', '2027-01-12'));
      spec
        .given(history)
        .when(pay('pix-2', 19_500, '2027-01-12'))
        .then([
          paid('pix-2', 19_500, '2027-01-12', [allocation(2, 9_804, 196), allocation(3, 9_612, 388)], 84, true),
          { type: 'AgreementFulfilled', data: { ...scope, fulfilledOn: '2027-01-12', earlySettlement: true, endedAt: at('2027-01-12') } },
          { type: 'AgreementEnded', data: { ...scope, endedAt: at('2027-01-12'), reason: 'completed' } },
        ]);
    });

    it('a payment below the quote is applied as usual, and the quote lapses', () => {
      const history = run([entered], quote('2027-01-05'), pay('pix-1', 15_000, '2027-01-05'));
      expect(history.at(-1)).toEqual(paid('pix-1', 15_000, '2027-01-05', [allocation(1, 10_000), allocation(2, 5_000)]));
      expect((fold(agreementDecider, history) as EnteredAgreement).quote).toBeNull();
    });

    it('a payment after the quote expired is applied as usual', () => {
      const history = run([entered], quote('2027-01-05'), pay('pix-1', 30_000, '2027-01-06'));
      expect(history.at(-3)).toEqual(paid('pix-1', 30_000, '2027-01-06', [allocation(1, 10_000), allocation(2, 10_000), allocation(3, 10_000)]));
    });
  });
});
