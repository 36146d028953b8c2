import { fold, type IsoInstant } from '@collections/shared-kernel';
import type { SqlEventStore, StoreTransaction } from '@collections/shared-event-store';
import {
  addCalendarDays,
  blockingRule,
  bureausAwaitingRemoval,
  escalationDecider,
  expiryRemovalDay,
  escalationPolicyDecider,
  policyForSegment,
  utcDateOf,
  type EscalationCommand,
  type EscalationEvent,
  type EscalationPolicy,
  type EscalationPolicyCommand,
  type EscalationPolicyEvent,
  type EscalationPolicyState,
  type EscalationState,
} from '@collections/legal-domain';
import { plainCodec, type LegalAggregate } from '../shared/legal-writer';
import { escalationStream, policyStream, type DebtId } from '../shared/ids';

export const escalationAggregate: LegalAggregate<EscalationState, EscalationCommand, EscalationEvent> = { decider: escalationDecider, codec: plainCodec<EscalationEvent>() };
export const policyAggregate: LegalAggregate<EscalationPolicyState, EscalationPolicyCommand, EscalationPolicyEvent> = {
  decider: escalationPolicyDecider,
  codec: plainCodec<EscalationPolicyEvent>(),
};

export interface RecordedEscalation {
  readonly state: EscalationState;
  readonly events: readonly { readonly event: EscalationEvent; readonly version: number; readonly recordedAt: string; readonly actor: string | undefined }[];
}

/** A debt's escalation as its stream says now (read by tenant: another tenant's reads as none). */
export async function readEscalation(store: SqlEventStore, tenantId: string, debtId: DebtId, transaction?: StoreTransaction): Promise<RecordedEscalation> {
  const { events } = await store.readStream(escalationStream(debtId), { tenantId, ...(transaction ? { transaction } : {}) });
  const decoded = await Promise.all(events.map(async (e) => ({ event: await escalationAggregate.codec.decode(e), version: e.streamVersion, recordedAt: e.recordedAt.toISOString(), actor: e.metadata.actor })));
  return { state: fold(escalationDecider, decoded.map((d) => d.event)), events: decoded };
}

export async function readPolicy(store: SqlEventStore, tenantId: string, transaction?: StoreTransaction): Promise<EscalationPolicy | undefined> {
  const { events } = await store.readStream(policyStream(tenantId), { tenantId, ...(transaction ? { transaction } : {}) });
  const state = fold(escalationPolicyDecider, await Promise.all(events.map((e) => policyAggregate.codec.decode(e))));
  return state.status === 'set' ? state.policy : undefined;
}

export async function setDeadline(tx: StoreTransaction, tenantId: string, debtId: string, dueAt: IsoInstant): Promise<void> {
  await tx.query('INSERT INTO legal_deadlines (tenant_id, debt_id, due_at) VALUES ($1, $2, $3) ON CONFLICT (tenant_id, debt_id) DO UPDATE SET due_at = EXCLUDED.due_at', [tenantId, debtId, dueAt]);
}

export async function clearDeadline(tx: StoreTransaction, tenantId: string, debtId: string): Promise<void> {
  await tx.query('DELETE FROM legal_deadlines WHERE tenant_id = $1 AND debt_id = $2', [tenantId, debtId]);
}

const RETRY_BUREAU_MS = 60_000;
const RETRY_REMOVAL_MS = 3_600_000;
const startOf = (date: string): IsoInstant => `${date}T00:00:00.000Z`;

/**
 * When the escalation must next be looked at, from its state alone (the durable deadline):
 * the notice trigger, the end of the notice period, a bureau call to make or retry, the day
 * after the removal SLA. undefined: nothing is due until a fact arrives (the consumers set a
 * deadline of "now" on every fact). Days are UTC dates, never earlier than Brazil's.
 */
export function nextDeadline(state: EscalationState, policy: EscalationPolicy | undefined, now: IsoInstant): IsoInstant | undefined {
  const candidates: IsoInstant[] = [];
  const later = (ms: number): IsoInstant => new Date(Date.parse(now) + ms).toISOString();
  const today = utcDateOf(now);
  const bureaus = Object.values(state.bureaus);
  if (policy && state.debt.overdueSince && (state.notice.status === 'none' || state.notice.status === 'failed') && !blockingRule(state.debt, today)) {
    const trigger = addCalendarDays(state.debt.overdueSince, policyForSegment(policy, state.debt.segment).triggerDaysPastDue);
    candidates.push(trigger > today ? startOf(trigger) : later(RETRY_BUREAU_MS));
  }
  if (policy && state.notice.status === 'sent' && bureaus.length === 0 && state.notice.listingNotBefore > today) candidates.push(startOf(state.notice.listingNotBefore));
  if (bureaus.some((b) => b?.status === 'requested')) candidates.push(later(RETRY_BUREAU_MS));
  if (state.protest.status === 'requested' || state.protest.status === 'cancellation-requested') candidates.push(later(RETRY_BUREAU_MS));
  // a listing is removed before the debt is 5 years past due (CDC art. 43 §1)
  if (state.debt.overdueSince && !state.removal && bureaus.some((b) => b?.status === 'listed' || b?.status === 'requested')) candidates.push(startOf(expiryRemovalDay(state.debt.overdueSince)));
  if (bureausAwaitingRemoval(state).length > 0) {
    candidates.push(later(RETRY_REMOVAL_MS));
    if (state.removal && !state.removal.breached) candidates.push(startOf(addCalendarDays(state.removal.slaDueOn, 1)));
  }
  return candidates.sort()[0];
}

/** Keeps the deadline and the SLA view row of a debt in step with its state, in the caller's transaction. */
export async function afterWrite(tx: StoreTransaction, tenantId: string, debtId: string, state: EscalationState, policy: EscalationPolicy | undefined, now: IsoInstant): Promise<void> {
  const next = nextDeadline(state, policy, now);
  if (next) await setDeadline(tx, tenantId, debtId, next);
  else await clearDeadline(tx, tenantId, debtId);
  if (state.removal) {
    await tx.query(
      `INSERT INTO legal_removals (tenant_id, debt_id, reason, since, sla_due_on, requested_at, bureaus_pending, breached)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (tenant_id, debt_id) DO UPDATE SET reason = EXCLUDED.reason, since = EXCLUDED.since, sla_due_on = EXCLUDED.sla_due_on,
         requested_at = EXCLUDED.requested_at, bureaus_pending = EXCLUDED.bureaus_pending, breached = EXCLUDED.breached`,
      [tenantId, debtId, state.removal.reason, state.removal.since, state.removal.slaDueOn, state.removal.requestedAt, bureausAwaitingRemoval(state), state.removal.breached],
    );
  }
}
