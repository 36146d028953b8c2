import { nameBasedUuid, type Clock, type IdGenerator, type IsoInstant } from '@collections/shared-kernel';
import type { EventMetadata, SqlEventStore, StoreTransaction } from '@collections/shared-event-store';
import { BUREAUS, blockingRule, utcDateOf, type Bureau, type DebtSnapshot, type EscalationCommand, type EscalationPolicy, type EscalationState } from '@collections/legal-domain';
import type { LegalWriter } from '../shared/legal-writer';
import { escalationStream, type DebtId } from '../shared/ids';
import { DirectoryUnavailableError, type DebtDirectory } from '../ports/debt-directory';
import type { BureauAnswer, BureauGateway } from '../ports/bureaus';
import type { NotaryGateway } from '../ports/notary';
import { afterWrite, escalationAggregate, readEscalation, readPolicy, setDeadline } from './escalation-stream';

export interface EscalationSchedulerDeps {
  readonly store: SqlEventStore;
  readonly writer: LegalWriter;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly directory: DebtDirectory;
  readonly bureaus: Partial<Record<Bureau, BureauGateway>>;
  /** The notaries' central (protest); without it a protest request waits. */
  readonly notary?: NotaryGateway;
  readonly log: (line: string) => void;
}

const SYSTEM = 'system:legal-scheduler';
const RETRY_MS = 60_000;

/**
 * The durable deadlines of the debts' escalations: one row per debt (`legal_deadlines`),
 * taken with `FOR UPDATE SKIP LOCKED` so two schedulers never work one debt at once, moved
 * by a TestClock in tests and surviving restarts (it is a table). For a due debt: the
 * debtors API is asked first, outside any transaction (in embedded mode it answers from the
 * same single-session database); then, in one transaction holding the deadline row, the
 * next step is decided from the stream as it is now (a payment that landed meanwhile is
 * seen and refuses the listing); then the bureaus are called, outside it, each answer
 * recorded in its own short transaction.
 */
export class EscalationScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(private readonly deps: EscalationSchedulerDeps) {}

  start(pollMs = 1_000): void {
    const tick = (): void => {
      if (this.stopped) return;
      this.running = this.runDue()
        .catch((error: unknown) => this.deps.log(`legal scheduler: ${(error as Error).message}`))
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

  /** Works every debt whose deadline has come; returns how many it handled. */
  async runDue(limit = 10_000): Promise<number> {
    const passed = new Set<string>();
    let handled = 0;
    while (handled < limit) {
      const now = this.deps.clock.now().toISOString();
      const due = await this.deps.store.driver.query<{ tenant_id: string; debt_id: string }>('SELECT tenant_id, debt_id FROM legal_deadlines WHERE due_at <= $1 ORDER BY due_at LIMIT $2', [now, passed.size + 1]);
      const next = due.find((row) => !passed.has(`${row.tenant_id}/${row.debt_id}`));
      if (!next) return handled;
      passed.add(`${next.tenant_id}/${next.debt_id}`);
      await this.fire(next.tenant_id, next.debt_id as DebtId, now);
      handled += 1;
    }
    return handled;
  }

  private metadata(): EventMetadata {
    return { actor: SYSTEM };
  }

  private async fire(tenantId: string, debtId: DebtId, now: IsoInstant): Promise<void> {
    const today = utcDateOf(now);
    const [{ state }, policy] = await Promise.all([readEscalation(this.deps.store, tenantId, debtId), readPolicy(this.deps.store, tenantId)]);
    let snapshot: DebtSnapshot | undefined;
    if (policy && this.mayAct(state, today)) {
      try {
        snapshot = await this.deps.directory.debt(tenantId, debtId);
      } catch (error) {
        if (!(error instanceof DirectoryUnavailableError)) throw error;
        this.deps.log(`legal scheduler: debt ${debtId} waits: ${error.message}`);
        await this.deps.store.transaction((tx) => setDeadline(tx, tenantId, debtId, new Date(Date.parse(now) + RETRY_MS).toISOString()));
        return;
      }
    }
    const decided = await this.deps.store.transaction(async (tx) => {
      const [held] = await tx.query('SELECT 1 AS held FROM legal_deadlines WHERE tenant_id = $1 AND debt_id = $2 AND due_at <= $3 FOR UPDATE SKIP LOCKED', [tenantId, debtId, now]);
      if (!held) return undefined;
      let current = (await readEscalation(this.deps.store, tenantId, debtId, tx)).state;
      if (policy && snapshot) {
        if (current.notice.status === 'none' || current.notice.status === 'failed') {
          current = await this.apply(tx, tenantId, debtId, { type: 'EvaluateEscalation', debtId, now, today, policy, noticeId: this.deps.ids.next(), debt: snapshot }, current);
        } else if (current.notice.status === 'sent' && Object.keys(current.bureaus).length === 0 && today >= current.notice.listingNotBefore) {
          current = await this.apply(tx, tenantId, debtId, { type: 'RequestListing', debtId, now, today, policy, bureaus: this.listingBureaus(), debt: snapshot, byHand: false, actor: SYSTEM }, current);
        }
      }
      if (policy) current = await this.apply(tx, tenantId, debtId, { type: 'CheckListingAge', debtId, now, today, policy }, current);
      current = await this.apply(tx, tenantId, debtId, { type: 'CheckRemovalSla', debtId, now, today }, current);
      await afterWrite(tx, tenantId, debtId, current, policy, now);
      return current;
    });
    if (decided) await this.callBureaus(tenantId, debtId, decided, policy, now);
  }

  /** Whether the tick may request the notice or the listing (then the debtors API is read first). */
  private mayAct(state: EscalationState, today: string): boolean {
    if (state.notice.status === 'none' || state.notice.status === 'failed') return state.debt.overdueSince !== undefined;
    return state.notice.status === 'sent' && Object.keys(state.bureaus).length === 0 && today >= state.notice.listingNotBefore;
  }

  /** The bureaus a listing goes to: every one this service has an adapter for. */
  private listingBureaus(): Bureau[] {
    return BUREAUS.filter((b) => this.deps.bureaus[b] !== undefined);
  }

  private async apply(tx: StoreTransaction, tenantId: string, debtId: DebtId, command: EscalationCommand, state: EscalationState): Promise<EscalationState> {
    const written = await this.deps.writer.apply(escalationAggregate, escalationStream(debtId), command, { tenantId, transaction: tx, metadata: this.metadata(), nextEventId: () => this.deps.ids.next() });
    return written.events.length > 0 ? written.state : state;
  }

  /**
   * The bureau calls the state asks for: listings requested and removals requested. A
   * listing whose removal was asked before its call is not sent at all.
   */
  private async callBureaus(tenantId: string, debtId: DebtId, state: EscalationState, policy: EscalationPolicy | undefined, now: IsoInstant): Promise<void> {
    // a payment, agreement or dispute recorded after the listing was requested keeps its calls from being made
    const blocked = state.removal ? { rule: 'LEGAL_DEBT_SETTLED' as const, detail: 'the removal was requested before the listing call' } : blockingRule(state.debt, utcDateOf(now));
    // the debtor's identity, read once for every bureau still to list at
    const toList = !blocked && BUREAUS.some((b) => state.bureaus[b]?.status === 'requested' && this.deps.bureaus[b]);
    const order = toList ? await this.listingOrder(tenantId, debtId, state) : undefined;
    for (const bureau of BUREAUS) {
      const record = state.bureaus[bureau];
      const gateway = this.deps.bureaus[bureau];
      if (!record || !gateway) continue;
      let command: EscalationCommand | undefined;
      if (record.status === 'requested') {
        if (blocked) {
          command = { type: 'RecordBureauCallFailed', debtId, now, bureau, operation: 'list', reason: `not sent: ${blocked.detail}`, garbage: false, attempts: 0, rule: blocked.rule };
        } else {
          if (!order) continue;
          command = this.answerCommand(debtId, bureau, 'list', await gateway.list({ ...order, tenantId, debtId }));
        }
      } else if (record.status === 'removal-requested' && record.protocol) {
        command = this.answerCommand(debtId, bureau, 'remove', await gateway.remove({ tenantId, debtId, protocol: record.protocol }));
      }
      if (command) await this.record(tenantId, debtId, command, policy, now);
    }
    await this.callNotary(tenantId, debtId, state, policy, now);
  }

  /** One answer of the outside world, recorded in its own short transaction. */
  private async record(tenantId: string, debtId: DebtId, command: EscalationCommand, policy: EscalationPolicy | undefined, now: IsoInstant): Promise<void> {
    await this.deps.store.transaction(async (tx) => {
      const current = await this.apply(tx, tenantId, debtId, command, (await readEscalation(this.deps.store, tenantId, debtId, tx)).state);
      await afterWrite(tx, tenantId, debtId, current, policy, this.deps.clock.now().toISOString() > now ? this.deps.clock.now().toISOString() : now);
    });
  }

  /**
   * The protest's calls: a requested protest is filed at the notaries' central (unless the
   * debt was paid meanwhile), a cancellation asked on payment is sent with the protocol (a
   * protest never filed is cancelled here without a call). A failed call is retried on the
   * next deadline (a minute later), logged.
   */
  private async callNotary(tenantId: string, debtId: DebtId, state: EscalationState, policy: EscalationPolicy | undefined, now: IsoInstant): Promise<void> {
    const { protest } = state;
    const notary = this.deps.notary;
    if (protest.status === 'cancellation-requested') {
      if (!protest.protocol) return this.record(tenantId, debtId, { type: 'RecordProtestCancelled', debtId, now: this.deps.clock.now().toISOString() }, policy, now);
      if (!notary) return;
      const answer = await notary.cancel({ tenantId, debtId, protocol: protest.protocol });
      if (answer.kind === 'done') return this.record(tenantId, debtId, { type: 'RecordProtestCancelled', debtId, now: this.deps.clock.now().toISOString() }, policy, now);
      this.deps.log(`legal scheduler: protest cancellation of debt ${debtId} waits: ${answer.reason}`);
      return;
    }
    if (protest.status !== 'requested' || !notary || state.debt.settled) return;
    const requested = [...(await readEscalation(this.deps.store, tenantId, debtId)).events].reverse().find((e) => e.event.type === 'EscalationProtestRequested')?.event;
    if (requested?.type !== 'EscalationProtestRequested' || !state.debt.debtorId) return;
    let debtor: { readonly name: string; readonly taxId: string } | undefined;
    try {
      debtor = await this.deps.directory.debtor(tenantId, state.debt.debtorId);
    } catch (error) {
      if (!(error instanceof DirectoryUnavailableError)) throw error;
    }
    if (!debtor) return;
    const answer = await notary.file({ tenantId, debtId, protestId: requested.data.protestId, taxId: debtor.taxId, name: debtor.name, amount: requested.data.amount, dueDate: requested.data.dueDate });
    if (answer.kind === 'done') return this.record(tenantId, debtId, { type: 'RecordProtestFiled', debtId, now: this.deps.clock.now().toISOString(), protocol: answer.protocol }, policy, now);
    this.deps.log(`legal scheduler: protest filing of debt ${debtId} waits: ${answer.reason}`);
  }

  private answerCommand(debtId: DebtId, bureau: Bureau, operation: 'list' | 'remove', answer: BureauAnswer): EscalationCommand {
    const now = this.deps.clock.now().toISOString();
    if (answer.kind === 'failed') return { type: 'RecordBureauCallFailed', debtId, now, bureau, operation, reason: answer.reason, garbage: answer.garbage, attempts: answer.attempts };
    return operation === 'list' ? { type: 'RecordBureauListed', debtId, now, bureau, protocol: answer.protocol } : { type: 'RecordRemovalConfirmed', debtId, now, bureau, protocol: answer.protocol };
  }

  /** The debtor's name and tax id, read now from the debtors API (never kept in the log); undefined: the call waits. */
  private async listingOrder(tenantId: string, debtId: DebtId, state: EscalationState) {
    const listing = await readEscalation(this.deps.store, tenantId, debtId);
    const requested = [...listing.events].reverse().find((e) => e.event.type === 'EscalationListingRequested')?.event;
    if (!requested || requested.type !== 'EscalationListingRequested') return undefined;
    try {
      const debtor = await this.deps.directory.debtor(tenantId, requested.data.debtorId ?? state.debt.debtorId ?? '');
      if (!debtor) {
        this.deps.log(`legal scheduler: debtor of debt ${debtId} is unknown or erased; its listing waits`);
        return undefined;
      }
      return { name: debtor.name, taxId: debtor.taxId, amount: requested.data.amount, dueDate: requested.data.dueDate };
    } catch (error) {
      if (!(error instanceof DirectoryUnavailableError)) throw error;
      this.deps.log(`legal scheduler: debt ${debtId} listing waits: ${error.message}`);
      return undefined;
    }
  }
}

/** Event ids of a reaction, derived from the integration event that caused it (a redelivery appends the same ids). */
export const reactionIds = (eventId: string, debtId: string): (() => string) => {
  let index = 0;
  return () => nameBasedUuid('legal.reaction', eventId, debtId, String(index++));
};
