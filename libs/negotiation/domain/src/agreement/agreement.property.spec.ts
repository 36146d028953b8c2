import fc from 'fast-check';
import { Money, fold } from '@collections/shared-kernel';
import type { OfferTerms } from '../offer/compute-offer';
import { monthlyDueDates } from '../offer/installment-schedule';
import { addDays } from '../calendar';
import { AGREEMENT_ID, DEBTOR_ID, DEBT_IDS, OFFER_ID, TENANT, at } from '../testing/negotiation.fixtures';
import type { AgreementCommand } from './agreement.commands';
import { agreementDecider, remainingOf, type EnteredAgreement } from './agreement.decider';
import type { AgreementEvent } from './agreement.events';

/**
 * Random schedules, random payments (some repeated, some partial, some beyond the total),
 * checks and early-settlement quotes in between: every centavo received is either
 * allocated to an installment or kept as surplus, no installment is paid beyond its
 * amount, a repeated payment id changes nothing, and the agreement is fulfilled exactly
 * when nothing remains.
 */
const caseArbitrary = fc.record({
  amounts: fc.array(fc.integer({ min: 1, max: 500_000 }), { minLength: 1, maxLength: 24 }),
  steps: fc.array(
    fc.oneof(
      fc.record({ kind: fc.constant('pay' as const), id: fc.integer({ min: 1, max: 15 }), amount: fc.integer({ min: 1, max: 800_000 }), day: fc.integer({ min: 0, max: 800 }) }),
      fc.record({ kind: fc.constant('check' as const), day: fc.integer({ min: 0, max: 800 }) }),
      fc.record({ kind: fc.constant('quote' as const), day: fc.integer({ min: 0, max: 800 }) }),
    ),
    { maxLength: 30 },
  ),
});

describe('agreement payments, as a property', () => {
  it('no centavo lost or invented, none paid twice, fulfilled exactly when nothing remains', () => {
    fc.assert(
      fc.property(caseArbitrary, ({ amounts, steps }) => {
        const dueDates = monthlyDueDates('2027-01-31', amounts.length);
        const schedule = amounts.map((amount, i) => ({ number: i + 1, dueDate: dueDates[i]!, amount: Money.of(amount), kind: 'installment' }));
        const total = amounts.reduce((a, b) => a + b, 0);
        const terms = { schedule, total: Money.of(total), monthlyInterestRate: '0.0199' } as unknown as OfferTerms;
        const base = { agreementId: AGREEMENT_ID, actor: 'system:property' };
        let events: AgreementEvent[] = [];
        const apply = (command: AgreementCommand) => {
          events = [...events, ...agreementDecider.decide(command, fold(agreementDecider, events))];
        };
        apply({ ...base, type: 'EnterAgreement', tenantId: TENANT, debtorId: DEBTOR_ID, debtIds: DEBT_IDS, offerId: OFFER_ID, terms, toleranceDays: 5, renegotiationCount: 0, renegotiationLimit: 1, now: at('2026-12-20') });
        let day = 0;
        const received = new Map<string, number>();
        for (const step of steps) {
          day = Math.max(day, step.day); // the service sends commands in time order
          const date = addDays('2026-12-20', day);
          if (step.kind === 'pay') {
            const paymentId = `pix-${step.id}`;
            if (!received.has(paymentId)) received.set(paymentId, step.amount);
            apply({ ...base, type: 'RecordAgreementPayment', paymentId, amount: Money.of(step.amount), paidOn: date, now: at(date) });
          } else if (step.kind === 'check') {
            apply({ ...base, type: 'CheckInstallments', asOf: date, now: at(date) });
          } else if ((fold(agreementDecider, events) as EnteredAgreement).status === 'active') {
            apply({ ...base, type: 'QuoteEarlySettlement', asOf: date, now: at(date) });
          }
        }
        const state = fold(agreementDecider, events) as EnteredAgreement;
        const paidEvents = events.flatMap((e) => (e.type === 'InstallmentPaid' ? [e] : []));
        expect(paidEvents.map((e) => e.data.paymentId)).toEqual([...received.keys()]);
        for (const e of paidEvents) {
          const allocated = e.data.allocations.reduce((sum, a) => sum + a.amount.amount, 0);
          expect(allocated + e.data.surplus.amount).toBe(e.data.amount.amount);
        }
        const receivedTotal = [...received.values()].reduce((a, b) => a + b, 0);
        const allocatedTotal = state.installments.reduce((sum, i) => sum + i.paid, 0);
        expect(allocatedTotal + state.surplus).toBe(receivedTotal);
        for (const installment of state.installments) {
          expect(remainingOf(installment)).toBeGreaterThanOrEqual(0);
          expect(installment.paid + installment.waived).toBeLessThanOrEqual(installment.amount);
        }
        const fulfilled = events.some((e) => e.type === 'AgreementFulfilled');
        if (state.status !== 'broken' && state.status !== 'cancelled') expect(fulfilled).toBe(state.installments.every((i) => remainingOf(i) === 0));
      }),
      { numRuns: 3_000 },
    );
  });
});
