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

/** A charge's debts as the debtors service answered for the payment date, before this service's own allocations are taken into account. */
interface TargetDraft {
  readonly chargeId: string;
  readonly debtorId: string;
  readonly agreementId: string | null;
  readonly installment: number | null;
  readonly currency: Money['currency'];
  readonly debts: readonly { readonly debtId: string; readonly dueDate: IsoDate; readonly totalDue: number; readonly recorded: number }[];
}

/** What the charge covers and what each of its debts owes on the payment date, from the debtors service (outside any transaction). */
async function draftTargetOf(deps: Deps, tenantId: string, chargeId: string, paidOn: IsoDate): Promise<TargetDraft | null> {
  const charge = await loadAggregate(deps.store, chargeAggregate.decider, chargeAggregate.codec, chargeStream(chargeId), { tenantId });
  if (charge.state.status === 'none') return null;
  const terms = charge.state.terms;
  const debts = [];
  for (const debtId of terms.debtIds) {
    const standing = await deps.ledger.debt(tenantId, debtId, paidOn);
    // a debt the debtors service no longer knows owes nothing: the money becomes credit, not lost
    debts.push({ debtId, dueDate: standing?.dueDate ?? terms.dueDate, totalDue: standing?.owed.amount ?? 0, recorded: standing?.recorded.amount ?? 0 });
  }
  return { chargeId, debtorId: terms.debtorId, agreementId: terms.agreementId, installment: terms.installment, currency: terms.amount.currency, debts };
}

/**
 * The target as owed now, inside the payment's transaction: each debt's lock taken (in id
 * order, so two payments never wait on each other crosswise), then what this service has
 * allocated to it that the debtors service had not yet recorded when it answered (its
 * PaymentAllocated still on the way) is taken off what that service said is owed. Two
 * payments close together on one debt therefore never both pay the same balance: the
 * second finds the first, and what it pays beyond the rest becomes credit. Payments the
 * debtors service recorded from elsewhere only make the correction smaller, never larger.
 */
async function settleTarget(transaction: StoreTransaction, tenantId: string, draft: TargetDraft, paidOn: IsoDate): Promise<PaymentTarget> {
  const debts = [];
  for (const debt of [...draft.debts].sort((a, b) => (a.debtId < b.debtId ? -1 : 1))) {
    await transaction.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`payments.debt:${tenantId}:${debt.debtId}`]);
    const [row] = await transaction.query<{ s: string | null }>(
      'SELECT sum(amount)::text AS s FROM payments_allocations WHERE tenant_id = $1 AND debt_id = $2 AND NOT reversed AND paid_on <= $3',
      [tenantId, debt.debtId, paidOn],
    );
    const pending = Math.max(0, Number(row?.s ?? 0) - debt.recorded);
    debts.push({ debtId: debt.debtId, dueDate: debt.dueDate, owed: Money.of(Math.max(0, debt.totalDue - pending), draft.currency) });
  }
  return { chargeId: draft.chargeId, debtorId: draft.debtorId, agreementId: draft.agreementId, installment: draft.installment, debts };
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
    if (event.type === 'PaymentAllocated') {
      await transaction.query(
        'INSERT INTO payments_allocations (tenant_id, payment_id, debt_id, amount, paid_on) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tenant_id, payment_id, debt_id) DO NOTHING',
        [tenantId, payment.paymentId, event.data.debtId, event.data.amount.amount, event.data.paidOn],
      );
    }
    if (event.type === 'PaymentReversed' || event.type === 'ParkedPaymentReturned') {
      await transaction.query('UPDATE payments_allocations SET reversed = true WHERE tenant_id = $1 AND payment_id = $2', [tenantId, payment.paymentId]);
      // a parked payment whose money went back is no longer waiting for a clerk (its events keep it)
      await transaction.query('DELETE FROM payments_unmatched WHERE tenant_id = $1 AND payment_id = $2 AND matched_at IS NULL', [tenantId, payment.paymentId]);
    }
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
  const draft = !existing.exists && incoming.chargeId ? await draftTargetOf(deps, tenantId, incoming.chargeId, incoming.paidOn) : null;
  const nextId = idsFor(tenantId, incoming.paymentId, 'receive');
  return retryingConflicts(() =>
    deps.store.transaction(async (transaction) => {
      const now = deps.clock.now().toISOString();
      const target = draft ? await settleTarget(transaction, tenantId, draft, incoming.paidOn) : null;
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
  const paidOn = payment.state.paidOn;
  const draft = await draftTargetOf(deps, tenantId, chargeId, paidOn);
  if (!draft) return undefined;
  const nextId = idsFor(tenantId, paymentId, `match-${chargeId}`);
  return retryingConflicts(() =>
    deps.store.transaction(async (transaction) => {
      const target = await settleTarget(transaction, tenantId, draft, paidOn);
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
      const before = outcome.events.find((e) => e.type === 'PaymentReversed' || e.type === 'ParkedPaymentReturned');
      const state = outcome.state as KnownPaymentState;
      const repeated = outcome.alreadyApplied === true;
      // the charge of the payment (the state after the reversal keeps it)
      if (before && !repeated) await followPaymentEvents(deps, transaction, tenantId, state, outcome.events, metadata, nextId);
      return { state, repeated };
    }),
  );
}
