import { callTaskAggregate, callTaskStream, callTaskViewOf, writeQueueRow, type CallTaskId } from '../call-tasks/call-task-queue';
import { epochDay, fold, nameBasedUuid, type Clock, type IdGenerator, type IsoInstant } from '@collections/shared-kernel';
import type { SqlEventStore, StoreTransaction } from '@collections/shared-event-store';
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
  /** The satisfaction surveys' answer tokens; without them no survey is sent. */
  readonly surveyTokens?: SurveyTokens;
  /** Where a survey's answer link points. */
  readonly publicBaseUrl?: string;
}

/** Debt statuses in the debtors context under which no collection message may go. */
const CLOSED_OR_HELD: ReadonlySet<string> = new Set(['settled', 'written_off', 'disputed', 'in_agreement']);

/** The directory's answer, fetched before the step's transaction. */
type Prefetched = { readonly kind: 'not-needed' } | { readonly kind: 'unavailable' } | { readonly kind: 'found'; readonly debtor: DirectoryDebtor | undefined };

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
   * asked for and the satisfaction surveys due, then works every debt whose deadline has come; returns how many debts it handled.
   */
  async runDue(limit = 10_000, concurrency = this.deps.concurrency ?? 1): Promise<number> {
    await checkDuePromises(this.deps);
    await sendDuePriorNotices(this.deps);
    await sendDueSurveys(this.deps);
    const width = Math.max(1, Math.floor(concurrency));
    // debts another scheduler holds, or whose state moved between the look-up and the step
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
    const { step, state } = c;
    const unmet = unmetCondition(step, state, c.debtor, c.now);
    if (unmet) return { kind: 'skipped', reason: unmet };
    // a call is an agent's task: the workspace applies the contact rules when it offers it
    if (step.channel === 'voice') return { kind: 'call-task', taskId: nameBasedUuid('contacts.call-task', c.debtId, step.stepId) };

    // looked up before the transaction; a step that became due only meanwhile waits for the next round
    if (c.person.kind === 'unavailable') return 'retry-later';
    if (c.person.kind === 'not-needed') return 'look-up-first';
    const person = c.person.debtor;
    if (!person || person.erased) return { kind: 'blocked', rule: rule('DEBTOR_ERASED', 'LGPD art. 18 VI', 'the debtor asked for erasure: no contact data is kept') };
    // an opt-out received here counts at once, before the debtors context has recorded it
    const point = contactPointFor(
      person.contactPoints.map((p) => (state.optedOutContactPoints.includes(p.id) ? { ...p, optedOut: true } : p)),
      step.channel,
    );
    if (point.kind === 'blocked') return point;

    const history = await pastContacts(tx, c.tenantId, c.debt.debtor_id, c.now);
    const decision = evaluateContact({
      at: c.now,
      profile: parseContactProfile({ country: 'BR', state: c.debtor.state, timeZone: c.timeZone }),
      channel: step.channel,
      debtId: c.debtId,
      history,
      ...(this.deps.caps ? { caps: this.deps.caps } : {}),
      contactPoint: { optedOut: point.contactPoint.optedOut, consent: point.contactPoint.consent },
    });
    if (decision.kind !== 'allowed') return decision;

    if (step.templateId === null) throw new Error(`step ${step.stepId} has no template`);
    const [template] = await tx.query<StoredTemplate>(
      'SELECT template_id AS "templateId", channel, name, subject, body FROM contacts_templates WHERE tenant_id = $1 AND template_id = $2',
      [c.tenantId, step.templateId],
    );
    if (!template) return { kind: 'blocked', rule: rule('TEMPLATE_MISSING', 'tenant configuration', `template ${step.templateId} does not exist for this tenant`) };
    const [creditor] = await tx.query<CreditorIdentification>('SELECT name, address, tax_id AS "taxId" FROM contacts_creditors WHERE tenant_id = $1', [c.tenantId]);
    if (!creditor) return { kind: 'blocked', rule: rule('CREDITOR_NOT_IDENTIFIED', 'CDC art. 42-A', "the tenant has not given the creditor's name, address and CPF/CNPJ") };

    const facts: MessageFacts = {
      creditor,
      debtor: { firstName: person.name.split(/\s+/)[0] ?? person.name },
      debt: {
        contractReference: c.debt.contract_reference,
        balance: { amount: openBalance(state), currency: state.originalAmount.currency },
        dueDate: state.dueDate,
        daysPastDue: Math.max(0, epochDayOf(c.now) - epochDayOf(state.dueDate)),
      },
    };
    const message = messageComposer.compose(template, facts);
    // the same step's same attempt has the same id: a retried transaction finds its send
    const messageId = nameBasedUuid('contacts.message', c.debtId, step.stepId, String(state.failedAttempts));

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
      await tx.query('INSERT INTO contacts_letters (tenant_id, letter_id, debt_id, pdf, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [c.tenantId, messageId, c.debtId, pdf, c.now]);
      return { kind: 'sent', messageId, contactPointId: point.contactPoint.id, providerMessageId: messageId };
    }

    const sender = this.deps.senders[step.channel];
    if (!sender) return { kind: 'blocked', rule: rule('CHANNEL_NOT_CONFIGURED', 'tenant configuration', `no ${step.channel} provider is configured`) };
    if (point.contactPoint.kind === 'postal_address') throw new Error('a message needs an address on its channel');
    try {
      const providerMessageId =
        this.sentInThisProcess.get(messageId) ??
        (await sender.send({ messageId, tenantId: c.tenantId, to: point.contactPoint.value, text: message.text, ...(message.subject ? { subject: message.subject } : {}), ...(message.html ? { html: message.html } : {}) }))
          .providerMessageId;
      this.sentInThisProcess.set(messageId, providerMessageId);
      if (this.sentInThisProcess.size > 10_000) this.sentInThisProcess.delete(this.sentInThisProcess.keys().next().value as string);
      await tx.query(
        'INSERT INTO contacts_messages (provider, provider_message_id, tenant_id, debt_id, message_id) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
        [step.channel, providerMessageId, c.tenantId, c.debtId, messageId],
      );
      const addressKey = this.deps.addresses.keyOf(c.tenantId, point.contactPoint.value);
      if (addressKey) {
        await tx.query('INSERT INTO contacts_addresses (tenant_id, address_key, debtor_id, contact_point_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
          c.tenantId,
          addressKey,
          c.debt.debtor_id,
          point.contactPoint.id,
        ]);
      }
      return { kind: 'sent', messageId, contactPointId: point.contactPoint.id, providerMessageId };
    } catch (error) {
      if (!(error instanceof ChannelError)) throw error;
      const retryable = error.retryable && state.failedAttempts + 1 < (this.deps.maxAttempts ?? 5);
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

export async function pastContacts(tx: StoreTransaction, tenantId: string, debtorId: string, now: IsoInstant): Promise<ContactAttempt[]> {
  const rows = await tx.query<{ channel: ContactAttempt['channel']; at: Date; debt_id: string }>(
    'SELECT channel, at, debt_id FROM contacts_attempts WHERE tenant_id = $1 AND debtor_id = $2 AND at > $3 ORDER BY at',
    [tenantId, debtorId, new Date(Date.parse(now) - WEEK_MS).toISOString()],
  );
  return rows.map((row) => ({ at: new Date(row.at).toISOString(), channel: row.channel, debtId: row.debt_id, conversation: false }));
}


