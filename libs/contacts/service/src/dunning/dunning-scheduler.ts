import { callTaskAggregate, callTaskStream, callTaskViewOf, writeQueueRow, type CallTaskId } from '../call-tasks/call-task-queue';
import { ValidationError, assertNever, epochDay, fold, nameBasedUuid, type Clock, type IdGenerator, type IsoInstant } from '@collections/shared-kernel';
import { ExpectedVersion, type NewEvent, type SqlEventStore, type StoreTransaction } from '@collections/shared-event-store';
import {
  cadenceDecider,
  debtContactDecider,
  evaluateContact,
  parseContactProfile,
  planNextStep,
  openBalance,
  startOfLocalDay,
  type CadenceStep,
  type ContactAttempt,
  type DebtContactCommand,
  type FrequencyCaps,
  type DebtContactState,
  type RuleReference,
  type StepOutcome,
  type TrackedDebt,
} from '@collections/contacts-domain';
import type { ContactsWriter } from '../shared/contacts-writer';
import { cadenceStream, dunningStream, type CadenceId, type DebtId } from '../shared/ids';
import { ChannelError, type ContactChannelAdapter } from '@collections/contacts-channels';
import { DirectoryUnavailableError, type DebtorDirectory, type DirectoryContactPoint, type DirectoryDebtor } from '../ports/debtor-directory';
import type { AddressIndex } from '../shared/address-index';
import { SelfServiceLinksUnavailableError, type SelfServiceLinks } from '../ports/self-service-links';
import { messageComposer, type CreditorIdentification, type MessageFacts, type StoredTemplate } from '../ports/message-composer';

import { cadenceAggregate, clearDeadline, dunningAggregate, setDeadline } from './dunning-stream';
import { checkDuePromises } from '../promises/promises';
import { sendDuePriorNotices } from '../prior-notices/prior-notices';
import { sendDueSurveys, type SurveyTokens } from '../surveys/surveys';

export { cadenceAggregate, clearDeadline, dunningAggregate, setDeadline } from './dunning-stream';

export interface DunningSchedulerDeps {
  readonly store: SqlEventStore;
  readonly writer: ContactsWriter;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly directory: DebtorDirectory;
  /** The channels that send messages; a step on a channel without one is blocked with evidence. */
  readonly senders: ContactSenders;
  /** The creditor's frequency caps (the policy's defaults when absent). */
  readonly caps?: FrequencyCaps;
  /** Where the addresses written to are indexed (keyed), to know an inbound sender later. */
  readonly addresses: AddressIndex;
  readonly log: (line: string) => void;
  /** How long a retryable failure or an unreachable directory waits before the next try. */
  readonly retryAfterMs?: number;
  /** Retryable failures of one step before it is given up (recorded as a permanent failure). */
  readonly maxAttempts?: number;
  /**
   * Due debts worked at once (default 1). Each holds a pooled connection for its step's
   * transaction, so keep it below the pool's size; 1 in embedded mode (one session).
   */
  readonly concurrency?: number;
  /** Due debts worked in one batch (default 200): one transaction, a directory call, a handful of statements. */
  readonly batchSize?: number;
  /** The satisfaction surveys' answer tokens; without them no survey is sent. */
  readonly surveyTokens?: SurveyTokens;
  /** Where a survey's answer link points. */
  readonly publicBaseUrl?: string;
  /** The negotiation context's one-time links, for templates that show `{{link.selfService}}`; without it they show none. */
  readonly selfServiceLinks?: SelfServiceLinks;
}

/** Debt statuses in the debtors context under which no collection message may go. */
const CLOSED_OR_HELD: ReadonlySet<string> = new Set(['settled', 'written_off', 'disputed', 'in_agreement']);

/** The directory's answer, fetched before the step's transaction. */
type Prefetched =
  | { readonly kind: 'not-needed' }
  | { readonly kind: 'unavailable' }
  /** selfServiceLink: issued for this step's message when its template shows one (see lookUpDebtors). */
  | { readonly kind: 'found'; readonly debtor: DirectoryDebtor | undefined; readonly selfServiceLink?: string };

/** A due step before anything leaves (see planStep). */
type PlannedStep =
  | { readonly kind: 'decided'; readonly outcome: StepOutcome | 'retry-later' | 'look-up-first' }
  | { readonly kind: 'letter'; readonly messageId: string; readonly contactPointId: string; readonly pdf: Buffer }
  | {
      readonly kind: 'send';
      readonly sender: ContactChannelAdapter;
      readonly channel: ContactChannelAdapter['channel'];
      readonly messageId: string;
      readonly contactPointId: string;
      readonly to: string;
      readonly message: ReturnType<typeof messageComposer.compose>;
    };

export type ContactSenders = Partial<Record<ContactChannelAdapter['channel'], ContactChannelAdapter>>;

const SYSTEM = 'system:contacts-scheduler';
const WEEK_MS = 7 * 86_400_000;
/** Days since 1970 of an instant's or a date's calendar day (UTC). */
const epochDayOf = (value: string): number => epochDay(value.slice(0, 10));

interface DebtRow {
  readonly debtor_id: string;
  readonly contract_reference: string;
}
interface DebtorRow {
  readonly kind: string;
  readonly state: string;
  readonly time_zone: string | null;
}

/**
 * The durable deadline of each debt's cadence: one row per debt with a next step
 * (`contacts_deadlines`), taken with `FOR UPDATE SKIP LOCKED` so two schedulers never
 * work one debt at once. For a due debt, in ONE transaction that holds the debt's
 * stream head: fold its history, find the next step, ask the contact policy, send, and
 * record the outcome. A settlement or a hold that reaches the stream first is seen
 * before anything is sent; one that comes while a step is being sent waits for it and
 * lands after it in the stream's order. Each step is recorded once.
 */
export class DunningScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;
  /**
   * Sends already made by this process, by message id: a transaction retried after a
   * conflict on the log's order sends nothing twice (a crash between a send and its
   * commit can still repeat it: the message id then travels as the provider's key).
   */
  private readonly sentInThisProcess = new Map<string, string>();

  constructor(private readonly deps: DunningSchedulerDeps) {}

  start(pollMs = 1_000): void {
    const tick = (): void => {
      if (this.stopped) return;
      this.running = this.runDue()
        .catch((error: unknown) => this.deps.log(`contacts scheduler: ${(error as Error).message}`))
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

  /**
   * Checks the promises to pay whose day is over, sends the prior notices the legal context
   * asked for and the satisfaction surveys due, then works every debt whose deadline has
   * come, in batches (see runBatch); returns how many due debts it took up. `concurrency`:
   * the sends in flight at once within a batch; `batchSize`: the due debts one batch takes.
   */
  async runDue(limit = 10_000, concurrency = this.deps.concurrency ?? 4, batchSize = this.deps.batchSize ?? 200): Promise<number> {
    await checkDuePromises(this.deps);
    await sendDuePriorNotices(this.deps);
    await sendDueSurveys(this.deps);
    const width = Math.max(1, Math.floor(concurrency));
    const perBatch = Math.max(1, Math.floor(batchSize));
    // debts another scheduler holds, or whose state moved twice between the look-up and the step
    const passed = new Set<string>();
    const lookedUpLate = new Set<string>();
    let handled = 0;
    while (handled < limit) {
      const now = this.deps.clock.now().toISOString();
      const wanted = Math.min(perBatch, limit - handled);
      const due = await this.deps.store.driver.query<{ tenant_id: string; debt_id: string }>(
        'SELECT tenant_id, debt_id FROM contacts_deadlines WHERE due_at <= $1 ORDER BY due_at LIMIT $2',
        [now, passed.size + wanted],
      );
      const round = due.filter((row) => !passed.has(`${row.tenant_id}/${row.debt_id}`)).slice(0, wanted);
      if (round.length === 0) return handled;
      const byTenant = new Map<string, DebtId[]>();
      for (const row of round) byTenant.set(row.tenant_id, [...(byTenant.get(row.tenant_id) ?? []), row.debt_id as DebtId]);
      for (const [tenantId, debtIds] of byTenant) {
        const result = await this.runBatch(tenantId, debtIds, now, width);
        for (const debtId of result.notClaimed) passed.add(`${tenantId}/${debtId}`);
        for (const debtId of result.lookUpFirst) {
          if (lookedUpLate.has(debtId)) passed.add(`${tenantId}/${debtId}`);
          lookedUpLate.add(debtId);
        }
      }
      handled += round.length;
    }
    return handled;
  }

  /**
   * The per-debt run this scheduler had before the batched one (each due debt alone: its
   * look-ups, then one transaction of about a dozen statements), `concurrency` debts at a
   * time. Kept as the benchmark's comparison; it keeps every guarantee runDue keeps.
   */
  async runDueOneByOne(limit = 10_000, concurrency = 1): Promise<number> {
    const width = Math.max(1, Math.floor(concurrency));
    const passed = new Set<string>();
    let handled = 0;
    while (handled < limit) {
      const now = this.deps.clock.now().toISOString();
      // a round: the next due debts, worked `width` at a time; each is taken again under
      // FOR UPDATE SKIP LOCKED in its own transaction, so rounds and schedulers never overlap
      const wanted = Math.min(width * 8, limit - handled);
      const due = await this.deps.store.driver.query<{ tenant_id: string; debt_id: string }>(
        'SELECT tenant_id, debt_id FROM contacts_deadlines WHERE due_at <= $1 ORDER BY due_at LIMIT $2',
        [now, passed.size + wanted],
      );
      const round = due.filter((row) => !passed.has(`${row.tenant_id}/${row.debt_id}`)).slice(0, wanted);
      if (round.length === 0) return handled;
      let next = 0;
      const worker = async (): Promise<void> => {
        for (let i = next++; i < round.length; i = next++) {
          const row = round[i]!;
          if (!(await this.fire(row.tenant_id, row.debt_id as DebtId, now))) passed.add(`${row.tenant_id}/${row.debt_id}`);
        }
      };
      await Promise.all(Array.from({ length: Math.min(width, round.length) }, worker));
      handled += round.length;
    }
    return handled;
  }

  /**
   * One batch of a tenant's due debts, in set-based statements.
   *
   * Before the transaction (the directory is another service, which in embedded mode
   * answers from this same single-session database): every batch stream read in one
   * query and folded, the cadences once, and ONE directory look-up for the debtors and
   * debts whose step sends a message now.
   *
   * Then ONE transaction: the deadline rows claimed in one statement (FOR UPDATE SKIP
   * LOCKED: a debt another scheduler holds is left to it); the debtor rows (frequency caps)
   * and then the stream heads locked, each in sorted order, so two batches or schedulers
   * wait for each other but cannot deadlock on these; the streams read again and each step
   * decided again from what they hold now (a settlement, hold or erasure that got there
   * first is seen); past contacts, templates and the creditor once; the debts in batch
   * order, a debtor's earlier contact in this batch counting for their next debt; the sends
   * `width` at a time (one failing does not stop the others); then the events of every
   * stream in one append with each stream's expected version, and the attempts, messages,
   * addresses and deadlines in multi-row statements. A settlement arriving meanwhile waits
   * for the heads, and lands after the steps.
   */
  private async runBatch(tenantId: string, debtIds: readonly DebtId[], now: IsoInstant, width: number): Promise<{ notClaimed: DebtId[]; lookUpFirst: DebtId[] }> {
    const people = await this.lookUpDebtors(tenantId, debtIds, now);
    return this.deps.store.transaction(async (tx) => {
      const claimedRows = await tx.query<{ debt_id: string }>(
        'SELECT debt_id FROM contacts_deadlines WHERE tenant_id = $1 AND debt_id = ANY ($2::uuid[]) AND due_at <= $3 ORDER BY debt_id FOR UPDATE SKIP LOCKED',
        [tenantId, debtIds, now],
      );
      const claimedSet = new Set(claimedRows.map((r) => r.debt_id));
      const claimed = debtIds.filter((id) => claimedSet.has(id));
      const notClaimed = debtIds.filter((id) => !claimedSet.has(id));
      const lookUpFirst: DebtId[] = [];
      if (claimed.length === 0) return { notClaimed, lookUpFirst };

      const debtRows = await tx.query<DebtRow & { debt_id: string }>('SELECT debt_id, debtor_id, contract_reference FROM contacts_debts WHERE tenant_id = $1 AND debt_id = ANY ($2::uuid[])', [
        tenantId,
        claimed,
      ]);
      const debts = new Map(debtRows.map((r) => [r.debt_id, r]));
      const debtorIds = [...new Set(debtRows.map((r) => r.debtor_id))].sort();
      // held to the end, in sorted order: the frequency caps count a debtor's contacts over all
      // their debts, so another batch with one of these debtors waits for this one
      const debtorRows = await tx.query<DebtorRow & { debtor_id: string }>(
        'SELECT debtor_id, kind, state, time_zone FROM contacts_debtors WHERE tenant_id = $1 AND debtor_id = ANY ($2::uuid[]) ORDER BY debtor_id FOR UPDATE',
        [tenantId, debtorIds],
      );
      const debtors = new Map(debtorRows.map((r) => [r.debtor_id, r]));
      // the stream heads, held to the end, in sorted order: a settlement appended meanwhile waits for this batch
      const streamIds = claimed.map((id) => dunningStream(id)).sort();
      await tx.query('SELECT version FROM es_streams WHERE tenant_id = $1 AND stream_id = ANY ($2::text[]) ORDER BY stream_id FOR UPDATE', [tenantId, streamIds]);
      const streams = await this.readStates(tx, tenantId, claimed);
      const cadences = await this.cadencesOf(tx, tenantId, [...streams.values()]);

      const clear: DebtId[] = [];
      const set = new Map<DebtId, IsoInstant>();
      interface Working {
        readonly debtId: DebtId;
        readonly state: TrackedDebt;
        readonly version: number;
        readonly step: CadenceStep;
        readonly steps: { version: number; steps: readonly CadenceStep[] };
        readonly debt: DebtRow;
        readonly timeZone: string;
        planned: PlannedStep;
        outcome?: StepOutcome | 'retry-later' | 'look-up-first';
      }
      const working: Working[] = [];
      const toPlan: Omit<Working, 'planned'>[] = [];
      for (const debtId of claimed) {
        const { state, version } = streams.get(debtId)!;
        if (state.status !== 'running' || !state.cadence) {
          clear.push(debtId);
          continue;
        }
        const steps = cadences.get(state.cadence.cadenceId) ?? { version: 0, steps: [] };
        const plan = planNextStep(state, steps.steps);
        if (plan.kind !== 'due') {
          clear.push(debtId);
          continue;
        }
        const debt = debts.get(debtId);
        const debtor = debt ? debtors.get(debt.debtor_id) : undefined;
        // the debtor's registration has not reached this service yet: try again later
        if (!debt || !debtor) {
          set.set(debtId, this.later(now));
          continue;
        }
        const timeZone = debtor.time_zone ?? 'America/Sao_Paulo';
        const earliest = startOfLocalDay(plan.on, timeZone);
        if (earliest > now) {
          set.set(debtId, earliest);
          continue;
        }
        toPlan.push({ debtId, state, version, step: plan.step, steps, debt, timeZone });
      }

      // the debtors' contacts of the last week, in one query; this batch's own contacts join them as they are planned
      const history = await pastContactsOf(tx, tenantId, [...new Set(toPlan.map((w) => w.debt.debtor_id))], now);
      const templateIds = [...new Set(toPlan.map((w) => w.step.templateId).filter((id): id is string => id !== null))];
      const templates = new Map(
        templateIds.length === 0
          ? []
          : (
              await tx.query<StoredTemplate>('SELECT template_id AS "templateId", channel, name, subject, body FROM contacts_templates WHERE tenant_id = $1 AND template_id = ANY ($2::uuid[])', [
                tenantId,
                templateIds,
              ])
            ).map((t) => [t.templateId, t]),
      );
      let creditor: Promise<CreditorIdentification | undefined> | undefined;
      const creditorOnce = () =>
        (creditor ??= tx.query<CreditorIdentification>('SELECT name, address, tax_id AS "taxId" FROM contacts_creditors WHERE tenant_id = $1', [tenantId]).then((rows) => rows[0]));
      for (const w of toPlan) {
        const debtor = debtors.get(w.debt.debtor_id)!;
        const past = history.get(w.debt.debtor_id) ?? [];
        const person = people.get(w.debtId) ?? { kind: 'not-needed' };
        const planned = await this.planStep(
          { tenantId, debtId: w.debtId, now, state: w.state, step: w.step, debt: w.debt, debtor, timeZone: w.timeZone, person },
          { history: () => past, template: (id) => templates.get(id), creditor: creditorOnce },
        );
        // a contact about to be made counts for the debtor's next debt in this batch (were it
        // to fail, that debt is deferred rather than a cap exceeded)
        if (planned.kind !== 'decided') history.set(w.debt.debtor_id, [...past, { at: now, channel: w.step.channel, debtId: w.debtId, conversation: false }]);
        working.push({ ...w, planned });
      }

      // the sends, `width` at a time: each debt's outcome is its own
      await forEachBounded(working, width, async (w) => {
        const planned = w.planned;
        if (planned.kind === 'decided') w.outcome = planned.outcome;
        else if (planned.kind === 'letter') w.outcome = { kind: 'sent', messageId: planned.messageId, contactPointId: planned.contactPointId, providerMessageId: planned.messageId };
        else {
          const sent = await this.send(tenantId, planned, w.state.failedAttempts);
          if (sent.kind === 'error') {
            this.deps.log(`contacts scheduler: debt ${w.debtId}: the ${planned.channel} send failed unexpectedly, tried again later: ${(sent.error as Error).message}`);
            w.outcome = 'retry-later';
          } else w.outcome = sent;
        }
      });

      // the events of every stream in one append, each at the version read under its head's lock
      const appends: { streamId: string; events: NewEvent[]; expectedVersion: ExpectedVersion }[] = [];
      const recorded: { w: Working; outcome: StepOutcome; state: DebtContactState }[] = [];
      for (const w of working) {
        const outcome = w.outcome!;
        if (outcome === 'retry-later') {
          set.set(w.debtId, this.later(now));
          continue;
        }
        // the step became due between the directory look-up and this transaction: the next round looks up
        if (outcome === 'look-up-first') {
          lookUpFirst.push(w.debtId);
          continue;
        }
        const command: DebtContactCommand = { type: 'RecordStepOutcome', debtId: w.debtId, step: w.step, cadenceVersion: w.steps.version, outcome, now, actor: SYSTEM };
        const produced = debtContactDecider.decide(command, w.state);
        const streamId = dunningStream(w.debtId);
        const events: NewEvent[] = [];
        for (const event of produced) {
          const encoded = await dunningAggregate.codec.encode(event, { tenantId, streamId, transaction: tx });
          events.push({ eventId: this.deps.ids.next(), type: encoded.type, data: encoded.data, ...(encoded.schemaVersion ? { schemaVersion: encoded.schemaVersion } : {}), metadata: { actor: SYSTEM } });
        }
        if (events.length > 0) appends.push({ streamId, events, expectedVersion: ExpectedVersion.exact(w.version) });
        recorded.push({ w, outcome, state: produced.reduce(debtContactDecider.evolve, w.state as DebtContactState) });
      }
      await this.deps.store.appendToStreams(appends, { tenantId, transaction: tx });

      const attempts: { messageId: string; debtorId: string; debtId: string; channel: string }[] = [];
      const messages: { provider: string; providerMessageId: string; debtId: string; messageId: string }[] = [];
      const addresses: { key: string; debtorId: string; contactPointId: string }[] = [];
      for (const { w, outcome, state } of recorded) {
        if (outcome.kind === 'call-task') await this.queueCallTask(tx, tenantId, w.debtId, w.debt.debtor_id, outcome.taskId as CallTaskId, now);
        if (outcome.kind === 'sent') {
          attempts.push({ messageId: outcome.messageId, debtorId: w.debt.debtor_id, debtId: w.debtId, channel: w.step.channel });
          if (w.planned.kind === 'letter') {
            await tx.query('INSERT INTO contacts_letters (tenant_id, letter_id, debt_id, pdf, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [tenantId, w.planned.messageId, w.debtId, w.planned.pdf, now]);
          }
          if (w.planned.kind === 'send') {
            messages.push({ provider: w.planned.channel, providerMessageId: outcome.providerMessageId, debtId: w.debtId, messageId: outcome.messageId });
            const key = this.deps.addresses.keyOf(tenantId, w.planned.to);
            if (key) addresses.push({ key, debtorId: w.debt.debtor_id, contactPointId: w.planned.contactPointId });
          }
        }
        if (outcome.kind === 'deferred') set.set(w.debtId, outcome.until);
        else if (outcome.kind === 'failed' && outcome.retryable) set.set(w.debtId, this.later(now));
        else {
          const next = planNextStep(state, w.steps.steps);
          if (next.kind !== 'due') clear.push(w.debtId);
          else {
            const nextEarliest = startOfLocalDay(next.on, w.timeZone);
            set.set(w.debtId, nextEarliest > now ? nextEarliest : now);
          }
        }
      }
      if (attempts.length > 0) {
        await tx.query(
          `INSERT INTO contacts_attempts (tenant_id, message_id, debtor_id, debt_id, channel, at)
           SELECT $1, m, d, t, c, $6 FROM unnest($2::text[], $3::uuid[], $4::uuid[], $5::text[]) AS a(m, d, t, c) ON CONFLICT DO NOTHING`,
          [tenantId, attempts.map((a) => a.messageId), attempts.map((a) => a.debtorId), attempts.map((a) => a.debtId), attempts.map((a) => a.channel), now],
        );
      }
      if (messages.length > 0) {
        await tx.query(
          `INSERT INTO contacts_messages (provider, provider_message_id, tenant_id, debt_id, message_id)
           SELECT p, i, $1, t, m FROM unnest($2::text[], $3::text[], $4::uuid[], $5::text[]) AS a(p, i, t, m) ON CONFLICT DO NOTHING`,
          [tenantId, messages.map((m) => m.provider), messages.map((m) => m.providerMessageId), messages.map((m) => m.debtId), messages.map((m) => m.messageId)],
        );
      }
      if (addresses.length > 0) {
        await tx.query(
          `INSERT INTO contacts_addresses (tenant_id, address_key, debtor_id, contact_point_id)
           SELECT $1, k, d, p FROM unnest($2::text[], $3::uuid[], $4::text[]) AS a(k, d, p) ON CONFLICT DO NOTHING`,
          [tenantId, addresses.map((a) => a.key), addresses.map((a) => a.debtorId), addresses.map((a) => a.contactPointId)],
        );
      }
      if (clear.length > 0) await tx.query('DELETE FROM contacts_deadlines WHERE tenant_id = $1 AND debt_id = ANY ($2::uuid[])', [tenantId, clear]);
      if (set.size > 0) {
        await tx.query(
          `INSERT INTO contacts_deadlines (tenant_id, debt_id, due_at)
           SELECT $1, d, a FROM unnest($2::uuid[], $3::timestamptz[]) AS x(d, a)
           ON CONFLICT (tenant_id, debt_id) DO UPDATE SET due_at = EXCLUDED.due_at`,
          [tenantId, [...set.keys()], [...set.values()]],
        );
      }
      return { notClaimed, lookUpFirst };
    });
  }

  /**
   * The batch's look-ups, before its transaction: the streams read and folded in one
   * query, and one directory call for the debts whose next step sends a message now
   * (or tomorrow in UTC: the debtor's local day may have begun already).
   */
  private async lookUpDebtors(tenantId: string, debtIds: readonly DebtId[], now: IsoInstant): Promise<Map<DebtId, Prefetched>> {
    const people = new Map<DebtId, Prefetched>();
    const states = await this.readStates(undefined, tenantId, debtIds);
    const cadences = await this.cadencesOf(undefined, tenantId, [...states.values()]);
    const tomorrow = new Date(Date.parse(now) + 86_400_000).toISOString().slice(0, 10);
    const wanted: { debtId: DebtId; debtorId: string; step: CadenceStep; failedAttempts: number }[] = [];
    for (const debtId of debtIds) {
      const { state } = states.get(debtId)!;
      if (state.status !== 'running' || !state.cadence) continue;
      const plan = planNextStep(state, cadences.get(state.cadence.cadenceId)?.steps ?? []);
      if (plan.kind !== 'due' || plan.step.channel === 'voice' || plan.on > tomorrow) continue;
      wanted.push({ debtId, debtorId: state.debtorId, step: plan.step, failedAttempts: state.failedAttempts });
    }
    if (wanted.length === 0) return people;
    try {
      const found = await this.deps.directory.lookupMany(tenantId, { debtorIds: wanted.map((w) => w.debtorId), debtIds: wanted.map((w) => w.debtId) });
      for (const { debtId, debtorId } of wanted) {
        const status = found.debtStatuses.get(debtId);
        // settled, written off, disputed or in agreement over there, and the event is on its
        // way here: wait for it (it stops or pauses the cadence) rather than send meanwhile
        if (status !== undefined && CLOSED_OR_HELD.has(status)) {
          this.deps.log(`contacts scheduler: debt ${debtId} is ${status} in the debtors service; its step waits for the event`);
          people.set(debtId, { kind: 'unavailable' });
        } else people.set(debtId, { kind: 'found', debtor: found.debtors.get(debtorId) });
      }
      await this.issueSelfServiceLinks(tenantId, wanted, people);
    } catch (error) {
      if (!(error instanceof DirectoryUnavailableError)) throw error;
      this.deps.log(`contacts scheduler: ${wanted.length} debts wait: ${error.message}`);
      for (const { debtId } of wanted) people.set(debtId, { kind: 'unavailable' });
    }
    return people;
  }

  /**
   * A one-time link to the debtor's self-service page (the negotiation context's) for each
   * message about to go whose template shows `{{link.selfService}}`: asked before the batch's
   * transaction (in embedded mode that service answers from this same single-session
   * database), keyed by the message id the step will have, so a retried step gets the link
   * its message already showed. The negotiation context refusing one (a debt it does not
   * know) leaves the message without it; not answering makes the step wait and try again.
   */
  private async issueSelfServiceLinks(tenantId: string, wanted: readonly { debtId: DebtId; debtorId: string; step: CadenceStep; failedAttempts: number }[], people: Map<DebtId, Prefetched>): Promise<void> {
    const links = this.deps.selfServiceLinks;
    const needing = wanted.filter((w) => w.step.templateId !== null && people.get(w.debtId)?.kind === 'found');
    if (!links || needing.length === 0) return;
    const templateIds = [...new Set(needing.map((w) => w.step.templateId!))];
    const templates = await this.deps.store.driver.query<StoredTemplate>(
      'SELECT template_id AS "templateId", channel, name, subject, body FROM contacts_templates WHERE tenant_id = $1 AND template_id = ANY ($2::uuid[])',
      [tenantId, templateIds],
    );
    const showing = new Set(templates.filter((t) => messageComposer.placeholders(t).includes('link.selfService')).map((t) => t.templateId));
    await forEachBounded(
      needing.filter((w) => showing.has(w.step.templateId!)),
      4,
      async (w) => {
        const found = people.get(w.debtId);
        if (found?.kind !== 'found') return;
        try {
          const url = await links.issue({ tenantId, debtorId: w.debtorId, debtId: w.debtId, messageId: messageIdOf(w.debtId, w.step, w.failedAttempts) });
          if (url) people.set(w.debtId, { ...found, selfServiceLink: url });
        } catch (error) {
          if (!(error instanceof SelfServiceLinksUnavailableError)) throw error;
          this.deps.log(`contacts scheduler: debt ${w.debtId} waits for its self-service link: ${error.message}`);
          people.set(w.debtId, { kind: 'unavailable' });
        }
      },
    );
  }

  /** Every debt's contact process, read in one query and folded, with its stream's version. */
  private async readStates(tx: StoreTransaction | undefined, tenantId: string, debtIds: readonly DebtId[]): Promise<Map<DebtId, { state: DebtContactState; version: number }>> {
    const read = await this.deps.store.readStreams(
      debtIds.map((id) => dunningStream(id)),
      { tenantId, ...(tx ? { transaction: tx } : {}) },
    );
    const states = new Map<DebtId, { state: DebtContactState; version: number }>();
    for (const debtId of debtIds) {
      const events = read.get(dunningStream(debtId)) ?? [];
      const decoded = await Promise.all(events.map((e) => dunningAggregate.codec.decode(e)));
      states.set(debtId, { state: fold(debtContactDecider, decoded), version: events[events.length - 1]?.streamVersion ?? 0 });
    }
    return states;
  }

  /** The steps of every cadence these debts run, each read once (by id; its version comes with it). */
  private async cadencesOf(
    tx: StoreTransaction | undefined,
    tenantId: string,
    states: readonly { state: DebtContactState }[],
  ): Promise<Map<string, { version: number; steps: readonly CadenceStep[] }>> {
    const ids = [...new Set(states.flatMap(({ state }) => (state.status === 'running' && state.cadence ? [state.cadence.cadenceId] : [])))];
    const read = await this.deps.store.readStreams(
      ids.map((id) => cadenceStream(id as CadenceId)),
      { tenantId, ...(tx ? { transaction: tx } : {}) },
    );
    const cadences = new Map<string, { version: number; steps: readonly CadenceStep[] }>();
    for (const id of ids) {
      const state = fold(cadenceDecider, await Promise.all((read.get(cadenceStream(id as CadenceId)) ?? []).map((e) => cadenceAggregate.codec.decode(e))));
      cadences.set(id, state.status === 'defined' ? { version: state.version, steps: state.steps } : { version: 0, steps: [] });
    }
    return cadences;
  }

  /**
   * One due debt. The debtor's contact data is asked of the directory first, outside any
   * transaction: the directory is another service, which in embedded mode answers from
   * this same single-session database and could not while a transaction here waits for it.
   * Then, in one transaction holding the deadline row and the stream head, the step is
   * decided again from the stream as it is now; false when another scheduler holds the debt.
   */
  private async fire(tenantId: string, debtId: DebtId, now: IsoInstant): Promise<boolean> {
    const person = await this.lookUpDebtor(tenantId, debtId, now);
    return this.deps.store.transaction(async (tx) => {
      const [held] = await tx.query('SELECT 1 AS held FROM contacts_deadlines WHERE tenant_id = $1 AND debt_id = $2 AND due_at <= $3 FOR UPDATE SKIP LOCKED', [tenantId, debtId, now]);
      if (!held) return false;
      await this.advance(tx, tenantId, debtId, now, person);
      return true;
    });
  }

  /** The debtor of a debt whose next step sends a message now; 'not-needed' for anything else. */
  private async lookUpDebtor(tenantId: string, debtId: DebtId, now: IsoInstant): Promise<Prefetched> {
    const state = await this.readState(undefined, tenantId, dunningStream(debtId));
    if (state.status !== 'running' || !state.cadence) return { kind: 'not-needed' };
    const plan = planNextStep(state, (await this.cadenceSteps(undefined, tenantId, state.cadence.cadenceId as CadenceId)).steps);
    if (plan.kind !== 'due' || plan.step.channel === 'voice' || plan.on > now.slice(0, 10)) return { kind: 'not-needed' };
    try {
      const [debtor, status] = await Promise.all([this.deps.directory.lookup(tenantId, state.debtorId), this.deps.directory.debtStatus(tenantId, debtId)]);
      // settled, written off, disputed or in agreement over there, and the event is on its
      // way here: wait for it (it stops or pauses the cadence) rather than send meanwhile
      if (status !== undefined && CLOSED_OR_HELD.has(status)) {
        this.deps.log(`contacts scheduler: debt ${debtId} is ${status} in the debtors service; its step waits for the event`);
        return { kind: 'unavailable' };
      }
      return { kind: 'found', debtor };
    } catch (error) {
      if (!(error instanceof DirectoryUnavailableError)) throw error;
      this.deps.log(`contacts scheduler: debt ${debtId} waits: ${error.message}`);
      return { kind: 'unavailable' };
    }
  }

  private async advance(tx: StoreTransaction, tenantId: string, debtId: DebtId, now: IsoInstant, person: Prefetched): Promise<void> {
    const streamId = dunningStream(debtId);
    const [debt] = await tx.query<DebtRow>('SELECT debtor_id, contract_reference FROM contacts_debts WHERE tenant_id = $1 AND debt_id = $2', [tenantId, debtId]);
    // The debtor's row, held to the end: the frequency caps count the debtor's contacts over all
    // their debts, so two of one debtor's debts worked at once (concurrent rounds, two
    // schedulers) take turns, and the second sees the first's contact. Taken before the
    // stream head, in the order the consumers take them.
    const [debtor] = debt ? await tx.query<DebtorRow>('SELECT kind, state, time_zone FROM contacts_debtors WHERE tenant_id = $1 AND debtor_id = $2 FOR UPDATE', [tenantId, debt.debtor_id]) : [];
    // The stream head, held to the end: a settlement appended meanwhile waits for this step.
    await tx.query('SELECT version FROM es_streams WHERE stream_id = $1 AND tenant_id = $2 FOR UPDATE', [streamId, tenantId]);
    let state = await this.readState(tx, tenantId, streamId);
    if (state.status !== 'running' || !state.cadence) return clearDeadline(tx, tenantId, debtId);
    const steps = await this.cadenceSteps(tx, tenantId, state.cadence.cadenceId as CadenceId);
    const plan = planNextStep(state, steps.steps);
    if (plan.kind !== 'due') return clearDeadline(tx, tenantId, debtId);

    if (!debt || !debtor) {
      // the debtor's registration has not reached this service yet: try again later
      return setDeadline(tx, tenantId, debtId, this.later(now));
    }
    const timeZone = debtor.time_zone ?? 'America/Sao_Paulo';
    const earliest = startOfLocalDay(plan.on, timeZone);
    if (earliest > now) return setDeadline(tx, tenantId, debtId, earliest);

    const outcome = await this.outcomeOf(tx, { tenantId, debtId, now, state, step: plan.step, debt, debtor, timeZone, person });
    if (outcome === 'retry-later') return setDeadline(tx, tenantId, debtId, this.later(now));
    // the step became due between the directory look-up and this transaction: the next round looks up
    if (outcome === 'look-up-first') return;
    const command: DebtContactCommand = { type: 'RecordStepOutcome', debtId, step: plan.step, cadenceVersion: steps.version, outcome, now, actor: SYSTEM };
    const written = await this.deps.writer.apply(dunningAggregate, streamId, command, {
      tenantId,
      transaction: tx,
      metadata: { actor: SYSTEM },
      nextEventId: () => this.deps.ids.next(),
    });
    if (outcome.kind === 'call-task') await this.queueCallTask(tx, tenantId, debtId, debt.debtor_id, outcome.taskId as CallTaskId, now);
    if (outcome.kind === 'sent') {
      await tx.query('INSERT INTO contacts_attempts (tenant_id, message_id, debtor_id, debt_id, channel, at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING', [
        tenantId,
        outcome.messageId,
        debt.debtor_id,
        debtId,
        plan.step.channel,
        now,
      ]);
    }
    state = written.state;
    if (outcome.kind === 'deferred') return setDeadline(tx, tenantId, debtId, outcome.until);
    if (outcome.kind === 'failed' && outcome.retryable) return setDeadline(tx, tenantId, debtId, this.later(now));
    const next = planNextStep(state, steps.steps);
    if (next.kind !== 'due') return clearDeadline(tx, tenantId, debtId);
    const nextEarliest = startOfLocalDay(next.on, timeZone);
    return setDeadline(tx, tenantId, debtId, nextEarliest > now ? nextEarliest : now);
  }

  /** A voice step's call, put in the tenant's default queue in the transaction that records `CallTaskCreated`. */
  private async queueCallTask(tx: StoreTransaction, tenantId: string, debtId: DebtId, debtorId: string, taskId: CallTaskId, now: IsoInstant): Promise<void> {
    const command = { type: 'CreateCallTask', taskId, debtId, debtorId, queue: 'default', priority: 0, reason: 'cadence', dueAt: now, now, actor: SYSTEM } as const;
    const written = await this.deps.writer.apply(callTaskAggregate, callTaskStream(taskId), command, { tenantId, transaction: tx, metadata: { actor: SYSTEM }, nextEventId: () => this.deps.ids.next() });
    const view = callTaskViewOf(written.state, written.nextExpectedVersion);
    if (view) await writeQueueRow(tx, tenantId, view);
  }

  private async outcomeOf(
    tx: StoreTransaction,
    c: { tenantId: string; debtId: DebtId; now: IsoInstant; state: TrackedDebt; step: CadenceStep; debt: DebtRow; debtor: DebtorRow; timeZone: string; person: Prefetched },
  ): Promise<StepOutcome | 'retry-later' | 'look-up-first'> {
    const planned = await this.planStep(c, {
      history: () => pastContacts(tx, c.tenantId, c.debt.debtor_id, c.now),
      template: async (templateId) =>
        (
          await tx.query<StoredTemplate>('SELECT template_id AS "templateId", channel, name, subject, body FROM contacts_templates WHERE tenant_id = $1 AND template_id = $2', [
            c.tenantId,
            templateId,
          ])
        )[0],
      creditor: async () => (await tx.query<CreditorIdentification>('SELECT name, address, tax_id AS "taxId" FROM contacts_creditors WHERE tenant_id = $1', [c.tenantId]))[0],
    });
    switch (planned.kind) {
      case 'decided':
        return planned.outcome;
      case 'letter':
        await tx.query('INSERT INTO contacts_letters (tenant_id, letter_id, debt_id, pdf, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [c.tenantId, planned.messageId, c.debtId, planned.pdf, c.now]);
        return { kind: 'sent', messageId: planned.messageId, contactPointId: planned.contactPointId, providerMessageId: planned.messageId };
      case 'send': {
        const sent = await this.send(c.tenantId, planned, c.state.failedAttempts);
        if (sent.kind !== 'sent') {
          if (sent.kind === 'error') throw sent.error;
          return sent;
        }
        await tx.query('INSERT INTO contacts_messages (provider, provider_message_id, tenant_id, debt_id, message_id) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [
          planned.channel,
          sent.providerMessageId,
          c.tenantId,
          c.debtId,
          planned.messageId,
        ]);
        const addressKey = this.deps.addresses.keyOf(c.tenantId, planned.to);
        if (addressKey) {
          await tx.query('INSERT INTO contacts_addresses (tenant_id, address_key, debtor_id, contact_point_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
            c.tenantId,
            addressKey,
            c.debt.debtor_id,
            planned.contactPointId,
          ]);
        }
        return sent;
      }
      default:
        return assertNever(planned, 'planned step');
    }
  }

  /**
   * What a due step comes to before anything leaves: an outcome decided by the policy, a
   * letter composed, or a message to send. Shared by the per-debt and the batched run; the
   * contact history, template and creditor come from `inputs` (a query each, or a batch's maps).
   */
  private async planStep(
    c: { tenantId: string; debtId: DebtId; now: IsoInstant; state: TrackedDebt; step: CadenceStep; debt: DebtRow; debtor: DebtorRow; timeZone: string; person: Prefetched },
    inputs: {
      history: () => Promise<readonly ContactAttempt[]> | readonly ContactAttempt[];
      template: (templateId: string) => Promise<StoredTemplate | undefined> | StoredTemplate | undefined;
      creditor: () => Promise<CreditorIdentification | undefined> | CreditorIdentification | undefined;
    },
  ): Promise<PlannedStep> {
    const { step, state } = c;
    const decided = (outcome: StepOutcome | 'retry-later' | 'look-up-first'): PlannedStep => ({ kind: 'decided', outcome });
    const unmet = unmetCondition(step, state, c.debtor, c.now);
    if (unmet) return decided({ kind: 'skipped', reason: unmet });
    // a call is an agent's task: the workspace applies the contact rules when it offers it
    if (step.channel === 'voice') return decided({ kind: 'call-task', taskId: nameBasedUuid('contacts.call-task', c.debtId, step.stepId) });

    // looked up before the transaction; a step that became due only meanwhile waits for the next round
    if (c.person.kind === 'unavailable') return decided('retry-later');
    if (c.person.kind === 'not-needed') return decided('look-up-first');
    const person = c.person.debtor;
    if (!person || person.erased) return decided({ kind: 'blocked', rule: rule('DEBTOR_ERASED', 'LGPD art. 18 VI', 'the debtor asked for erasure: no contact data is kept') });
    // an opt-out received here counts at once, before the debtors context has recorded it
    const point = contactPointFor(
      person.contactPoints.map((p) => (state.optedOutContactPoints.includes(p.id) ? { ...p, optedOut: true } : p)),
      step.channel,
    );
    if (point.kind === 'blocked') return decided(point);

    const history = await inputs.history();
    const decision = evaluateContact({
      at: c.now,
      profile: parseContactProfile({ country: 'BR', state: c.debtor.state, timeZone: c.timeZone }),
      channel: step.channel,
      debtId: c.debtId,
      history,
      ...(this.deps.caps ? { caps: this.deps.caps } : {}),
      contactPoint: { optedOut: point.contactPoint.optedOut, consent: point.contactPoint.consent },
    });
    if (decision.kind !== 'allowed') return decided(decision);

    if (step.templateId === null) throw new Error(`step ${step.stepId} has no template`);
    const template = await inputs.template(step.templateId);
    if (!template) return decided({ kind: 'blocked', rule: rule('TEMPLATE_MISSING', 'tenant configuration', `template ${step.templateId} does not exist for this tenant`) });
    const creditor = await inputs.creditor();
    if (!creditor) return decided({ kind: 'blocked', rule: rule('CREDITOR_NOT_IDENTIFIED', 'CDC art. 42-A', "the tenant has not given the creditor's name, address and CPF/CNPJ") });

    const facts: MessageFacts = {
      creditor,
      debtor: { firstName: person.name.split(/\s+/)[0] ?? person.name },
      debt: {
        contractReference: c.debt.contract_reference,
        balance: { amount: openBalance(state), currency: state.originalAmount.currency },
        dueDate: state.dueDate,
        daysPastDue: Math.max(0, epochDayOf(c.now) - epochDayOf(state.dueDate)),
      },
      ...(c.person.selfServiceLink ? { link: { selfService: c.person.selfServiceLink } } : {}),
    };
    let message: ReturnType<typeof messageComposer.compose>;
    try {
      message = messageComposer.compose(template, facts);
    } catch (error) {
      // a template showing what this message has no value for (a self-service link the
      // negotiation context did not issue, a PIX code): nothing is sent, and the evidence says why
      if (!(error instanceof ValidationError)) throw error;
      return decided({ kind: 'blocked', rule: rule('TEMPLATE_DATA_MISSING', 'tenant configuration', `template ${step.templateId}: ${error.message}`.slice(0, 500)) });
    }
    const messageId = messageIdOf(c.debtId, step, state.failedAttempts);

    if (step.channel === 'letter') {
      if (point.contactPoint.kind !== 'postal_address') throw new Error('a letter needs a postal address');
      const address = point.contactPoint.value;
      const pdf = await messageComposer.letter({
        facts,
        message,
        recipient: { name: person.name, addressLines: [`${address.street}, ${address.number}${address.complement ? ` ${address.complement}` : ''}`, address.district, `${address.city} - ${address.state}`, address.postalCode] },
        reference: c.debt.contract_reference,
        issuedOn: c.now.slice(0, 10),
      });
      return { kind: 'letter', messageId, contactPointId: point.contactPoint.id, pdf };
    }

    const sender = this.deps.senders[step.channel];
    if (!sender) return decided({ kind: 'blocked', rule: rule('CHANNEL_NOT_CONFIGURED', 'tenant configuration', `no ${step.channel} provider is configured`) });
    if (point.contactPoint.kind === 'postal_address') throw new Error('a message needs an address on its channel');
    return { kind: 'send', sender, channel: step.channel, messageId, contactPointId: point.contactPoint.id, to: point.contactPoint.value, message };
  }

  /**
   * One message out, once per process: a transaction run again (order conflict, deadlock)
   * finds the send it made. A channel's refusal is the step's failed outcome; any other
   * error is handed back for the caller to decide.
   */
  private async send(tenantId: string, planned: Extract<PlannedStep, { kind: 'send' }>, failedAttempts: number): Promise<Extract<StepOutcome, { kind: 'sent' | 'failed' }> | { kind: 'error'; error: unknown }> {
    const { messageId, message } = planned;
    try {
      const providerMessageId =
        this.sentInThisProcess.get(messageId) ??
        (await planned.sender.send({ messageId, tenantId, to: planned.to, text: message.text, ...(message.subject ? { subject: message.subject } : {}), ...(message.html ? { html: message.html } : {}) }))
          .providerMessageId;
      this.sentInThisProcess.set(messageId, providerMessageId);
      if (this.sentInThisProcess.size > 10_000) this.sentInThisProcess.delete(this.sentInThisProcess.keys().next().value as string);
      return { kind: 'sent', messageId, contactPointId: planned.contactPointId, providerMessageId };
    } catch (error) {
      if (!(error instanceof ChannelError)) return { kind: 'error', error };
      const retryable = error.retryable && failedAttempts + 1 < (this.deps.maxAttempts ?? 5);
      return { kind: 'failed', messageId, retryable, reason: error.reason.slice(0, 500) };
    }
  }

  private later(now: IsoInstant): IsoInstant {
    return new Date(Date.parse(now) + (this.deps.retryAfterMs ?? 5 * 60_000)).toISOString();
  }

  private async readState(tx: StoreTransaction | undefined, tenantId: string, streamId: string): Promise<DebtContactState> {
    const { events } = await this.deps.store.readStream(streamId, { tenantId, ...(tx ? { transaction: tx } : {}) });
    const decoded = await Promise.all(events.map((e) => dunningAggregate.codec.decode(e)));
    return fold(debtContactDecider, decoded);
  }

  private async cadenceSteps(tx: StoreTransaction | undefined, tenantId: string, cadenceId: CadenceId): Promise<{ version: number; steps: readonly CadenceStep[] }> {
    const { events } = await this.deps.store.readStream(cadenceStream(cadenceId), { tenantId, ...(tx ? { transaction: tx } : {}) });
    const state = fold(cadenceDecider, await Promise.all(events.map((e) => cadenceAggregate.codec.decode(e))));
    return state.status === 'defined' ? { version: state.version, steps: state.steps } : { version: 0, steps: [] };
  }
}

const rule = (code: string, article: string, detail: string): RuleReference => ({ code, article, detail });

/** The same step's same attempt has the same id: a retried transaction finds its send, and its self-service link. */
const messageIdOf = (debtId: DebtId, step: CadenceStep, failedAttempts: number): string => nameBasedUuid('contacts.message', debtId, step.stepId, String(failedAttempts));

/** The step's conditions on the debt and debtor as of now; the first unmet one, if any. */
function unmetCondition(step: CadenceStep, debt: TrackedDebt, debtor: DebtorRow, now: IsoInstant): string | undefined {
  const { conditions } = step;
  if (conditions.minBalance && openBalance(debt) < conditions.minBalance.amount) return `open balance ${openBalance(debt)} below ${conditions.minBalance.amount}`;
  if (conditions.debtorKinds && !conditions.debtorKinds.includes(debtor.kind as 'person' | 'company')) return `debtor kind ${debtor.kind} not in ${conditions.debtorKinds.join(', ')}`;
  if (conditions.agingBuckets) {
    const bucket = agingBucket(Math.max(0, epochDayOf(now) - epochDayOf(debt.dueDate)));
    if (!conditions.agingBuckets.includes(bucket)) return `aging bucket ${bucket} not in ${conditions.agingBuckets.join(', ')}`;
  }
  return undefined;
}

function agingBucket(daysPastDue: number): NonNullable<CadenceStep['conditions']['agingBuckets']>[number] {
  if (daysPastDue <= 0) return 'current';
  if (daysPastDue <= 30) return '1-30';
  if (daysPastDue <= 60) return '31-60';
  if (daysPastDue <= 90) return '61-90';
  if (daysPastDue <= 180) return '91-180';
  if (daysPastDue <= 360) return '181-360';
  return '360+';
}

const KIND_FOR_CHANNEL = { email: 'email', sms: 'phone', whatsapp: 'whatsapp', letter: 'postal_address', voice: 'phone' } as const;

/**
 * The contact point a channel uses: the first with consent and not opted out. When every
 * one of its kind is opted out or lacks consent, the step is blocked with that rule.
 */
export function contactPointFor(points: readonly DirectoryContactPoint[], channel: CadenceStep['channel']): { kind: 'found'; contactPoint: DirectoryContactPoint } | { kind: 'blocked'; rule: RuleReference } {
  const wanted = KIND_FOR_CHANNEL[channel];
  const candidates = points.filter((p) => p.kind === wanted);
  const usable = candidates.find((p) => !p.optedOut && p.consent === 'granted');
  if (usable) return { kind: 'found', contactPoint: usable };
  if (candidates.length === 0) return { kind: 'blocked', rule: rule('NO_CONTACT_POINT', 'debtor data', `the debtor has no ${wanted} contact point`) };
  if (candidates.every((p) => p.optedOut)) return { kind: 'blocked', rule: rule('OPTED_OUT', 'LGPD art. 18 IX; CDC art. 42', `every ${wanted} contact point of the debtor is opted out`) };
  return { kind: 'blocked', rule: rule('NO_CONSENT', 'LGPD art. 7', `no ${wanted} contact point of the debtor has consent`) };
}

/** Bounded concurrency: `work` over the items, at most `width` at once. */
async function forEachBounded<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) await work(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}

/** The contacts of the last week of each of these debtors (one query), by debtor, oldest first. */
async function pastContactsOf(tx: StoreTransaction, tenantId: string, debtorIds: readonly string[], now: IsoInstant): Promise<Map<string, ContactAttempt[]>> {
  const byDebtor = new Map<string, ContactAttempt[]>();
  if (debtorIds.length === 0) return byDebtor;
  const rows = await tx.query<{ debtor_id: string; channel: ContactAttempt['channel']; at: Date; debt_id: string }>(
    'SELECT debtor_id, channel, at, debt_id FROM contacts_attempts WHERE tenant_id = $1 AND debtor_id = ANY ($2::uuid[]) AND at > $3 ORDER BY at',
    [tenantId, debtorIds, new Date(Date.parse(now) - WEEK_MS).toISOString()],
  );
  for (const row of rows) {
    const list = byDebtor.get(row.debtor_id) ?? [];
    list.push({ at: new Date(row.at).toISOString(), channel: row.channel, debtId: row.debt_id, conversation: false });
    byDebtor.set(row.debtor_id, list);
  }
  return byDebtor;
}

export async function pastContacts(tx: StoreTransaction, tenantId: string, debtorId: string, now: IsoInstant): Promise<ContactAttempt[]> {
  const rows = await tx.query<{ channel: ContactAttempt['channel']; at: Date; debt_id: string }>(
    'SELECT channel, at, debt_id FROM contacts_attempts WHERE tenant_id = $1 AND debtor_id = $2 AND at > $3 ORDER BY at',
    [tenantId, debtorId, new Date(Date.parse(now) - WEEK_MS).toISOString()],
  );
  return rows.map((row) => ({ at: new Date(row.at).toISOString(), channel: row.channel, debtId: row.debt_id, conversation: false }));
}


