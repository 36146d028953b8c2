import { WrongExpectedVersionError, loadAggregate, type EventMetadata, type StoreTransaction } from '@collections/shared-event-store';
import { Money, nameBasedUuid, type IsoDate } from '@collections/shared-kernel';
import type { IssuedChargeState, KnownPaymentState, PaymentEvent, PaymentMethod, PaymentTarget, ReversalKind } from '@collections/payments-domain';
import type { PaymentsDeps } from '../shared/payments-deps';
import { chargeStream, paymentStream } from '../shared/ids';
import { chargeAggregate, paymentAggregate } from '../shared/payments-writer';
import { indexCharge } from '../charges/charge-index';

/** Money that arrived, as an intake edge (webhook, API, return file) parsed it. */
export interface IncomingPayment {
  readonly paymentId: string;
  readonly amount: Money;
  readonly paidOn: IsoDate;
  readonly method: PaymentMethod;
  /** What the payer's side quoted (txid, nosso número, FITID). */
  readonly reference: string | null;
  /** The charge the edge recognised it for; null: parked for reconciliation. */
  readonly chargeId: string | null;
}

export interface IntakeResult {
  readonly state: KnownPaymentState;
  /** Nothing was appended: the same payment was received before. */
  readonly repeated: boolean;
}

type Deps = Pick<PaymentsDeps, 'store' | 'writer' | 'clock' | 'ledger'>;

/**
 * Event ids derived from the tenant, the payment and the step, so the same notification
 * twice (a PSP's retry, the same file again, a retry after a failure) appends nothing twice.
 */
function idsFor(tenantId: string, paymentId: string, step: string): (aggregate: string) => () => string {
  return (aggregate) => {
    let index = 0;
    return () => nameBasedUuid('payments', tenantId, paymentId, step, aggregate, String(index++));
  };
}

/** What the charge covers and what each of its debts owes on the payment date, from the debtors service. */
async function targetOf(deps: Deps, tenantId: string, chargeId: string, paidOn: IsoDate): Promise<PaymentTarget | null> {
  const charge = await loadAggregate(deps.store, chargeAggregate.decider, chargeAggregate.codec, chargeStream(chargeId), { tenantId });
  if (charge.state.status === 'none') return null;
  const terms = charge.state.terms;
  const debts = [];
  for (const debtId of terms.debtIds) {
    const standing = await deps.ledger.debt(tenantId, debtId, paidOn);
    // a debt the debtors service no longer knows owes nothing: the money becomes credit, not lost
    debts.push({ debtId, dueDate: standing?.dueDate ?? terms.dueDate, owed: standing?.owed ?? Money.zero(terms.amount.currency) });
  }
  return { chargeId, debtorId: terms.debtorId, agreementId: terms.agreementId, installment: terms.installment, debts };
}

/** The charge's side of a payment's events, and the unmatched row of a parked one, in the payment's transaction. */
async function followPaymentEvents(deps: Deps, transaction: StoreTransaction, tenantId: string, payment: KnownPaymentState, events: readonly PaymentEvent[], metadata: EventMetadata, nextId: (aggregate: string) => () => string): Promise<void> {
  const now = deps.clock.now().toISOString();
  for (const event of events) {
    if (event.type === 'PaymentParked') {
      await transaction.query(
        `INSERT INTO payments_unmatched (tenant_id, payment_id, amount, currency, paid_on, method, reference, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (tenant_id, payment_id) DO NOTHING`,
        [tenantId, payment.paymentId, payment.amount.amount, payment.amount.currency, payment.paidOn, payment.method, payment.reference, now],
      );
    }
    if (event.type === 'PaymentMatched') {
      await transaction.query('UPDATE payments_unmatched SET matched_charge_id = $3, matched_at = $4 WHERE tenant_id = $1 AND payment_id = $2', [tenantId, payment.paymentId, event.data.chargeId, now]);
    }
    // a parked payment whose money went back is no longer waiting for a clerk (its events keep it)
    if (event.type === 'PaymentReversed') await transaction.query('DELETE FROM payments_unmatched WHERE tenant_id = $1 AND payment_id = $2 AND matched_at IS NULL', [tenantId, payment.paymentId]);
  }
  const paysCharge = events.some((e) => e.type === 'PaymentMatched' || (e.type === 'PaymentReceived' && e.data.chargeId !== null));
  const reversed = events.find((e) => e.type === 'PaymentReversed');
  if (!payment.chargeId || (!paysCharge && !reversed)) return;
  const command = reversed
    ? ({ type: 'ReverseChargePayment', chargeId: payment.chargeId, paymentId: payment.paymentId, now } as const)
    : ({ type: 'RecordChargePayment', chargeId: payment.chargeId, paymentId: payment.paymentId, amount: payment.amount, paidOn: payment.paidOn, now } as const);
  const outcome = await deps.writer.apply(chargeAggregate, chargeStream(payment.chargeId), command, { tenantId, transaction, metadata, nextEventId: nextId('charge') });
  await indexCharge(transaction, tenantId, outcome.state as IssuedChargeState, outcome.events);
}

/** A concurrent writer of the same payment or charge: read again and decide again, a few times. */
async function retryingConflicts<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError) || attempt >= 3) throw error;
    }
  }
}

/**
 * Receives a payment: allocated at once when its charge is known (each debt's balance read
 * from the debtors service first, outside the transaction), parked otherwise. The payment's
 * events, the charge's and the unmatched row commit together.
 */
export async function receivePayment(deps: Deps, tenantId: string, incoming: IncomingPayment, actor: string, metadata: EventMetadata): Promise<IntakeResult> {
  const existing = await deps.store.readStream(paymentStream(tenantId, incoming.paymentId), { tenantId });
  // a payment seen before needs no balance: the decider only checks it is the same one
  const target = !existing.exists && incoming.chargeId ? await targetOf(deps, tenantId, incoming.chargeId, incoming.paidOn) : null;
  const nextId = idsFor(tenantId, incoming.paymentId, 'receive');
  return retryingConflicts(() =>
    deps.store.transaction(async (transaction) => {
      const now = deps.clock.now().toISOString();
      const outcome = await deps.writer.apply(
        paymentAggregate,
        paymentStream(tenantId, incoming.paymentId),
        { type: 'ReceivePayment', ...incoming, target, now, actor },
        { tenantId, transaction, metadata, nextEventId: nextId('payment') },
      );
      const state = outcome.state as KnownPaymentState;
      const repeated = outcome.events.length === 0 || outcome.alreadyApplied === true;
      if (!repeated) await followPaymentEvents(deps, transaction, tenantId, state, outcome.events, metadata, nextId);
      return { state, repeated };
    }),
  );
}

/** A parked payment matched to a charge by hand: allocated as if it had named the charge. */
export async function matchPayment(deps: Deps, tenantId: string, paymentId: string, chargeId: string, actor: string, metadata: EventMetadata): Promise<IntakeResult | undefined> {
  const payment = await loadAggregate(deps.store, paymentAggregate.decider, paymentAggregate.codec, paymentStream(tenantId, paymentId), { tenantId });
  if (payment.state.status === 'none') return undefined;
  const target = await targetOf(deps, tenantId, chargeId, payment.state.paidOn);
  if (!target) return undefined;
  const nextId = idsFor(tenantId, paymentId, `match-${chargeId}`);
  return retryingConflicts(() =>
    deps.store.transaction(async (transaction) => {
      const outcome = await deps.writer.apply(paymentAggregate, paymentStream(tenantId, paymentId), { type: 'MatchPayment', paymentId, target, now: deps.clock.now().toISOString(), actor }, { tenantId, transaction, metadata, nextEventId: nextId('payment') });
      const state = outcome.state as KnownPaymentState;
      const repeated = outcome.events.length === 0 || outcome.alreadyApplied === true;
      if (!repeated) await followPaymentEvents(deps, transaction, tenantId, state, outcome.events, metadata, nextId);
      return { state, repeated };
    }),
  );
}

/** A reversal or chargeback: the payment gives back exactly what it paid, and its charge is open again. */
export async function reversePayment(
  deps: Deps,
  tenantId: string,
  reversal: { readonly paymentId: string; readonly kind: ReversalKind; readonly reversedOn: IsoDate; readonly reason: string },
  actor: string,
  metadata: EventMetadata,
): Promise<IntakeResult> {
  const nextId = idsFor(tenantId, reversal.paymentId, 'reverse');
  return retryingConflicts(() =>
    deps.store.transaction(async (transaction) => {
      const outcome = await deps.writer.apply(paymentAggregate, paymentStream(tenantId, reversal.paymentId), { type: 'ReversePayment', ...reversal, now: deps.clock.now().toISOString(), actor }, { tenantId, transaction, metadata, nextEventId: nextId('payment') });
      const before = outcome.events.find((e) => e.type === 'PaymentReversed');
      const state = outcome.state as KnownPaymentState;
      const repeated = outcome.alreadyApplied === true;
      // the charge of the payment (the state after the reversal keeps it)
      if (before && !repeated) await followPaymentEvents(deps, transaction, tenantId, state, outcome.events, metadata, nextId);
      return { state, repeated };
    }),
  );
}
