import fc from 'fast-check';
import { Money, fold } from '@collections/shared-kernel';
import type { PaymentCommand, PaymentTarget } from './payment.commands';
import { paymentDecider, type KnownPaymentState } from './payment.decider';
import type { PaymentEvent } from './payment.events';

const NOW = '2026-04-05T15:00:00.000Z';
const uuid = (n: number) => `01900000-0000-7000-8000-${String(n).padStart(12, '0')}`;

/** Up to 200 debts (the agreement's limit), each owing 0 to R$ 10 million, on random due dates. */
const target: fc.Arbitrary<PaymentTarget> = fc
  .array(fc.record({ owed: fc.integer({ min: 0, max: 1_000_000_000 }), day: fc.integer({ min: 1, max: 28 }), month: fc.integer({ min: 1, max: 12 }) }), { minLength: 1, maxLength: 200 })
  .map((debts) => ({
    chargeId: uuid(1),
    debtorId: uuid(2),
    agreementId: debts.length > 1 ? uuid(3) : null,
    installment: debts.length > 1 ? 1 : null,
    debts: debts.map((d, i) => ({ debtId: uuid(100 + i), dueDate: `2025-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`, owed: Money.of(d.owed) })),
  }));
/** Up to R$ 100 billion, far past any debt. */
const amount = fc.integer({ min: 1, max: 10_000_000_000_000 });

const run = (commands: readonly PaymentCommand[]): { events: PaymentEvent[]; state: KnownPaymentState } => {
  const events: PaymentEvent[] = [];
  for (const command of commands) events.push(...paymentDecider.decide(command, fold(paymentDecider, events)));
  return { events, state: fold(paymentDecider, events) as KnownPaymentState };
};
const sumOf = (events: readonly PaymentEvent[], type: 'PaymentAllocated' | 'CreditCreated') =>
  events.filter((e) => e.type === type).reduce((total, e) => total + (e.data as { amount: Money }).amount.amount, 0);
const receive = (centavos: number, to: PaymentTarget | null): PaymentCommand => ({ type: 'ReceivePayment', paymentId: 'p-1', amount: Money.of(centavos), paidOn: '2026-04-05', method: 'pix', reference: 'r', target: to, now: NOW, actor: 'a' });

describe('every centavo of a payment is allocated exactly once', () => {
  it('allocations plus credit are the amount received; no debt gets more than it owes, none twice', () => {
    fc.assert(
      fc.property(amount, target, (centavos, to) => {
        const { events, state } = run([receive(centavos, to)]);
        expect(sumOf(events, 'PaymentAllocated') + sumOf(events, 'CreditCreated')).toBe(centavos);
        const allocations = events.filter((e) => e.type === 'PaymentAllocated').map((e) => e.data as { debtId: string; amount: Money });
        expect(new Set(allocations.map((a) => a.debtId)).size).toBe(allocations.length);
        for (const a of allocations) {
          expect(a.amount.amount).toBeGreaterThan(0);
          expect(a.amount.amount).toBeLessThanOrEqual(to.debts.find((d) => d.debtId === a.debtId)!.owed.amount);
        }
        // credit only once everything owed is paid
        const owed = to.debts.reduce((t, d) => t + d.owed.amount, 0);
        expect(sumOf(events, 'CreditCreated')).toBe(Math.max(0, centavos - owed));
        expect(state.unallocated.amount).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('a parked then matched payment ends the same as one allocated at once, and is received once', () => {
    fc.assert(
      fc.property(amount, target, (centavos, to) => {
        const direct = run([receive(centavos, to)]).state;
        const parkedThenMatched = run([receive(centavos, null), { type: 'MatchPayment', paymentId: 'p-1', target: to, now: NOW, actor: 'a' }]);
        expect(parkedThenMatched.events.filter((e) => e.type === 'PaymentReceived')).toHaveLength(1);
        expect(sumOf(parkedThenMatched.events, 'PaymentAllocated') + sumOf(parkedThenMatched.events, 'CreditCreated')).toBe(centavos);
        const matched = parkedThenMatched.state;
        expect({ allocations: matched.allocations, credit: matched.credit, unallocated: matched.unallocated }).toEqual({ allocations: direct.allocations, credit: direct.credit, unallocated: direct.unallocated });
      }),
      { numRuns: 200 },
    );
  });

  it('a repeated notification changes nothing, and a reversal gives back exactly what was allocated and credited', () => {
    fc.assert(
      fc.property(amount, target, fc.boolean(), (centavos, to, park) => {
        const { events } = run([receive(centavos, park ? null : to), receive(centavos, park ? null : to), { type: 'ReversePayment', paymentId: 'p-1', kind: 'chargeback', reversedOn: '2026-04-05', reason: 'r', now: NOW, actor: 'a' }]);
        // received once when its charge is known; a parked one is not received for the others yet
        expect(events.filter((e) => e.type === 'PaymentReceived')).toHaveLength(park ? 0 : 1);
        expect(events.filter((e) => e.type === 'PaymentParked')).toHaveLength(park ? 1 : 0);
        const reversed = events.find((e) => e.type === 'PaymentReversed' || e.type === 'ParkedPaymentReturned');
        if (!reversed) throw new Error('no reversal');
        if (reversed.type === 'PaymentReversed') {
          const given = reversed.data.allocations.reduce((t, a) => t + a.amount.amount, 0) + reversed.data.creditReleased.amount + reversed.data.unallocatedReleased.amount;
          expect(given).toBe(centavos);
          expect(reversed.data.allocations.reduce((t, a) => t + a.amount.amount, 0)).toBe(sumOf(events, 'PaymentAllocated'));
        } else {
          // a parked payment returned: it gives back its whole amount, and no debt had any of it
          expect([park, reversed.data.amount.amount, sumOf(events, 'PaymentAllocated')]).toEqual([true, centavos, 0]);
        }
        const after = fold(paymentDecider, events) as KnownPaymentState;
        expect([after.allocations, after.credit.amount, after.unallocated.amount]).toEqual([[], 0, 0]);
      }),
      { numRuns: 200 },
    );
  });
});
