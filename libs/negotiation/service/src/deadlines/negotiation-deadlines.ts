import { nameBasedUuid, type Clock, type IsoDate } from '@collections/shared-kernel';
import type { SqlEventStore, StoreTransaction } from '@collections/shared-event-store';
import { NegotiationRuleViolation, addDays, remainingOf, type AgreementState, type OfferState } from '@collections/negotiation-domain';
import { businessDate, startOfBusinessDay } from '../shared/business-date';
import { agreementStream, offerStream } from '../shared/ids';
import { agreementAggregate, offerAggregate, type NegotiationWriter } from '../shared/negotiation-writer';

export type DeadlineKind = 'offer' | 'agreement';

export async function setDeadline(tx: StoreTransaction, tenantId: string, streamId: string, kind: DeadlineKind, dueAt: string): Promise<void> {
  await tx.query(
    `INSERT INTO negotiation_deadlines (tenant_id, stream_id, kind, due_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id, stream_id) DO UPDATE SET due_at = EXCLUDED.due_at`,
    [tenantId, streamId, kind, dueAt],
  );
}

export async function clearDeadline(tx: StoreTransaction, tenantId: string, streamId: string): Promise<void> {
  await tx.query('DELETE FROM negotiation_deadlines WHERE tenant_id = $1 AND stream_id = $2', [tenantId, streamId]);
}

/** An open offer's deadline: the day after its last valid day. */
export function offerDeadline(state: OfferState): IsoDate | undefined {
  if (state.status !== 'open' && state.status !== 'awaiting_approval') return undefined;
  return addDays(state.terms.expiresOn, 1);
}

/**
 * An active agreement's next deadline: for each unpaid installment, the day after its due
 * date (it becomes overdue), then the day after its tolerance (the agreement breaks);
 * the earliest of them. None once the agreement ended.
 */
export function agreementDeadline(state: AgreementState): IsoDate | undefined {
  if (state.status !== 'active') return undefined;
  const dates = state.installments
    .filter((i) => remainingOf(i) > 0)
    .map((i) => (i.overdue ? addDays(i.dueDate, state.toleranceDays + 1) : addDays(i.dueDate, 1)));
  return dates.sort()[0];
}

/**
 * The renegotiation an agreement over these debts would be: how many agreements they broke
 * (the most of any of them), and the last one broken, which the new one replaces.
 */
export async function renegotiationOf(tx: StoreTransaction, tenantId: string, debtIds: readonly string[]): Promise<{ readonly count: number; readonly renegotiates?: string }> {
  const rows = await tx.query<{ debt_id: string; agreement_id: string }>(
    'SELECT debt_id, agreement_id FROM negotiation_broken_agreements WHERE tenant_id = $1 AND debt_id = ANY($2::uuid[]) ORDER BY broken_at, agreement_id',
    [tenantId, [...debtIds]],
  );
  const perDebt = new Map<string, number>();
  for (const row of rows) perDebt.set(row.debt_id, (perDebt.get(row.debt_id) ?? 0) + 1);
  const count = Math.max(0, ...perDebt.values());
  const last = rows.at(-1);
  return last ? { count, renegotiates: last.agreement_id } : { count };
}

/** Keeps a stream's deadline row in step with its state, in the transaction that changed it. */
export async function scheduleOffer(tx: StoreTransaction, tenantId: string, offerId: string, state: OfferState): Promise<void> {
  const on = offerDeadline(state);
  if (on) await setDeadline(tx, tenantId, offerStream(offerId), 'offer', startOfBusinessDay(on));
  else await clearDeadline(tx, tenantId, offerStream(offerId));
}

/** An ended agreement frees its debts for a new offer; a broken one counts against their renegotiations. */
async function recordEnding(tx: StoreTransaction, tenantId: string, agreementId: string, state: AgreementState): Promise<void> {
  if (state.status === 'none' || state.status === 'active') return;
  await tx.query('DELETE FROM negotiation_debt_agreements WHERE tenant_id = $1 AND agreement_id = $2', [tenantId, agreementId]);
  if (state.status === 'broken') {
    await tx.query(
      `INSERT INTO negotiation_broken_agreements (tenant_id, debt_id, agreement_id, broken_at) SELECT $1, d, $3, now() FROM unnest($2::uuid[]) AS d
       ON CONFLICT DO NOTHING`,
      [tenantId, [...state.debtIds], agreementId],
    );
  }
}

export async function scheduleAgreement(tx: StoreTransaction, tenantId: string, agreementId: string, state: AgreementState): Promise<void> {
  await recordEnding(tx, tenantId, agreementId, state);
  const on = agreementDeadline(state);
  if (on) await setDeadline(tx, tenantId, agreementStream(agreementId), 'agreement', startOfBusinessDay(on));
  else await clearDeadline(tx, tenantId, agreementStream(agreementId));
}

export interface NegotiationDeadlinesDeps {
  readonly store: SqlEventStore;
  readonly writer: NegotiationWriter;
  readonly clock: Clock;
  readonly log: (line: string) => void;
}

const SYSTEM = 'system:negotiation-deadlines';

/**
 * The durable deadlines of offers (validity) and agreements (an installment past due,
 * then past the tolerance: the agreement breaks): one row per stream
 * (`negotiation_deadlines`), taken with `FOR UPDATE SKIP LOCKED` so two schedulers never
 * work one stream at once, the command and the next deadline written in the row's
 * transaction. The rows are the state of the schedule: a restart finds them and fires
 * what came due while it was down, once (the deciders ignore a deadline that fires
 * twice, and its event ids derive from the stream and the date).
 */
export class NegotiationDeadlines {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(private readonly deps: NegotiationDeadlinesDeps) {}

  start(pollMs = 1_000): void {
    const tick = (): void => {
      if (this.stopped) return;
      this.running = this.runDue()
        .catch((error: unknown) => this.deps.log(`negotiation deadlines: ${(error as Error).message}`))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, pollMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Fires every deadline that has come; returns how many it handled. */
  async runDue(limit = 10_000): Promise<number> {
    const passed = new Set<string>();
    let handled = 0;
    while (handled < limit) {
      const now = this.deps.clock.now().toISOString();
      const due = await this.deps.store.driver.query<{ tenant_id: string; stream_id: string; kind: DeadlineKind }>(
        'SELECT tenant_id, stream_id, kind FROM negotiation_deadlines WHERE due_at <= $1 ORDER BY due_at LIMIT $2',
        [now, passed.size + 1],
      );
      const next = due.find((row) => !passed.has(`${row.tenant_id}/${row.stream_id}`));
      if (!next) return handled;
      if (!(await this.fire(next.tenant_id, next.stream_id, next.kind, now))) passed.add(`${next.tenant_id}/${next.stream_id}`);
      handled += 1;
    }
    return handled;
  }

  private fire(tenantId: string, streamId: string, kind: DeadlineKind, now: string): Promise<boolean> {
    const asOf = businessDate(this.deps.clock);
    return this.deps.store.transaction(async (tx) => {
      const [held] = await tx.query('SELECT 1 AS held FROM negotiation_deadlines WHERE tenant_id = $1 AND stream_id = $2 AND due_at <= $3 FOR UPDATE SKIP LOCKED', [tenantId, streamId, now]);
      if (!held) return false;
      let index = 0;
      const context = {
        tenantId,
        transaction: tx,
        metadata: { actor: SYSTEM },
        // a deadline retried after a crash appends the same ids: the store sees it was applied
        nextEventId: () => nameBasedUuid('negotiation.deadline', streamId, asOf, String(index++)),
      };
      const id = streamId.slice(streamId.indexOf('-') + 1);
      switch (kind) {
        case 'offer': {
          const written = await this.deps.writer.apply(offerAggregate, streamId, { type: 'ExpireOffer', offerId: id, asOf, now, actor: SYSTEM }, context);
          const on = offerDeadline(written.state);
          // an offer still open on its deadline (the clock is early): try again the next day
          if (on && on > asOf) await setDeadline(tx, tenantId, streamId, 'offer', startOfBusinessDay(on));
          else if (on) await setDeadline(tx, tenantId, streamId, 'offer', startOfBusinessDay(addDays(asOf, 1)));
          else await clearDeadline(tx, tenantId, streamId);
          break;
        }
        case 'agreement': {
          const written = await this.deps.writer.apply(agreementAggregate, streamId, { type: 'CheckInstallments', agreementId: id, asOf, now, actor: SYSTEM }, context);
          await recordEnding(tx, tenantId, id, written.state);
          const on = agreementDeadline(written.state);
          if (!on) await clearDeadline(tx, tenantId, streamId);
          else await setDeadline(tx, tenantId, streamId, 'agreement', startOfBusinessDay(on > asOf ? on : addDays(asOf, 1)));
          break;
        }
        default:
          throw new Error(`unknown deadline kind ${String(kind satisfies never)}`);
      }
      return true;
    }).catch(async (error: unknown) => {
      if (!(error instanceof NegotiationRuleViolation)) throw error;
      // a deadline its stream refuses (no such offer or agreement) would refuse forever: dropped, with evidence in the log
      this.deps.log(`negotiation deadlines: ${streamId} refused its deadline (${error.code}), dropped: ${error.message}`);
      await this.deps.store.transaction((tx) => clearDeadline(tx, tenantId, streamId));
      return true;
    });
  }
}
