import { z } from 'zod';
import type { Counter } from 'prom-client';
import type { DataSource } from 'typeorm';
import {
  ExpectedVersion,
  WrongExpectedVersionError,
  handleCommand,
  loadAggregate,
  type AsOf,
  type ChainBreak,
  type EventMetadata,
  type NewEvent,
  type SqlEventStore,
  type VerificationReport,
} from '@collections/shared-event-store';
import { DomainRuleViolation, TenantId, ValidationError, isUuid, type Clock, type IdGenerator } from '@collections/shared-kernel';
import { IdempotencyStore, NotFoundProblem, RuleViolationProblem, parseInput } from '@collections/shared-nest';
import type { RequestContext } from '@collections/shared-service-kit';
import {
  AGING_BUCKETS,
  CONTACT_CONSENTS,
  debtDecider,
  debtorDecider,
  type DebtCommand,
  type DebtEvent,
  type DebtorCommand,
  type DebtorEvent,
} from '@collections/debtors-domain';
import { debtEventCodec, debtorEventCodec } from './debtor-event.codec';
import type { PersonalDataProtector } from './personal-data';
import { debtViewFrom, debtorViewFrom, type DebtView, type DebtorView } from './views';

export interface Reply<T = unknown> {
  readonly statusCode: number;
  readonly body: T;
}


const money = z.object({ amount: z.number().int(), currency: z.string() });
const contactPoint = z.object({
  id: z.string().optional(),
  kind: z.string(),
  value: z.unknown(),
  consent: z.string().default('not_granted'),
  optedOut: z.boolean().optional(),
  optOutReason: z.string().optional(),
});
export const registerDebtorBody = z.object({
  debtorId: z.string().optional(),
  taxId: z.string(),
  name: z.string(),
  contactPoints: z.array(contactPoint).max(50).default([]),
  state: z.string(),
  timeZone: z.string().default('America/Sao_Paulo'),
  declaredMonthlyIncome: money.optional(),
});
export const updateContactPointsBody = z.object({ contactPoints: z.array(contactPoint).max(50) });
export const recordConsentBody = z.object({ consent: z.enum(CONTACT_CONSENTS) });
export const recordOptOutBody = z.object({ reason: z.string().describe('the debtor’s words, kept verbatim (encrypted: personal data)') });
export const registerDebtBody = z.object({
  debtId: z.string().optional(),
  debtorId: z.string(),
  contractReference: z.string(),
  originalAmount: money,
  dueDate: z.string(),
  installments: z.array(z.object({ number: z.number().int(), amount: money, dueDate: z.string() })).max(360).optional(),
  lateFeeRate: z.string().default('0.02'),
  monthlyInterestRate: z.string().optional(),
});
export const recordPaymentBody = z.object({ paymentId: z.string(), amount: money, paidOn: z.string() });
export const openDisputeBody = z.object({ reason: z.string() });
export const resolveDisputeBody = z.object({ outcome: z.enum(['upheld', 'rejected']) });
export const writeOffBody = z.object({ reason: z.string() });
export const listDebtsQuery = z.object({
  status: z.enum(['open', 'overdue', 'in_agreement', 'disputed', 'settled', 'written_off']).optional(),
  agingBucket: z.enum(AGING_BUCKETS).optional(),
  debtorId: z.string().optional(),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
  pageToken: z.string().optional(),
});

type RegisterDebtorBody = z.output<typeof registerDebtorBody>;
type RegisterDebtBody = z.output<typeof registerDebtBody>;
interface CommandStamp {
  readonly tenantId: string;
  readonly now: string;
  readonly actor: string;
}

/** The RegisterDebtor command from a parsed body (contact points keep the ids given). */
function registerDebtorCommand(debtorId: string, body: RegisterDebtorBody, stamp: CommandStamp): DebtorCommand {
  return {
    type: 'RegisterDebtor',
    debtorId,
    tenantId: stamp.tenantId,
    taxId: body.taxId,
    name: body.name,
    contactPoints: body.contactPoints as never,
    state: body.state,
    timeZone: body.timeZone,
    ...(body.declaredMonthlyIncome ? { declaredMonthlyIncome: body.declaredMonthlyIncome as never } : {}),
    now: stamp.now,
    actor: stamp.actor,
  };
}

/** The RegisterDebt command from a parsed body. */
function registerDebtCommand(debtId: string, body: RegisterDebtBody, stamp: CommandStamp): DebtCommand {
  return {
    type: 'RegisterDebt',
    debtId,
    tenantId: stamp.tenantId,
    debtorId: body.debtorId,
    contractReference: body.contractReference,
    originalAmount: body.originalAmount as never,
    dueDate: body.dueDate,
    ...(body.installments ? { installments: body.installments as never } : {}),
    lateFeeRate: body.lateFeeRate,
    ...(body.monthlyInterestRate ? { monthlyInterestRate: body.monthlyInterestRate } : {}),
    now: stamp.now,
    actor: stamp.actor,
  };
}

export const debtorStream = (debtorId: string) => `debtor-${debtorId}`;
export const debtStream = (debtId: string) => `debt-${debtId}`;

export interface DebtorsApplicationDeps {
  readonly store: SqlEventStore;
  readonly protector: PersonalDataProtector;
  readonly idempotency: IdempotencyStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly dataSource: DataSource;
  /** Brazil's calendar: "today" for balances and aging. */
  readonly businessTimeZone?: string;
  /** Counts commands by type and outcome (accepted, refused, invalid, conflict, failed). */
  readonly commandCounter?: Counter<'command' | 'outcome'>;
}

/**
 * The debtors use cases, one method each, shared by the REST and gRPC controllers.
 * Writes: parse the input, run the decider through the one write path, behind the
 * caller's idempotency key. Reads: fold the stream (always consistent with the
 * caller's own writes) or query the read model (lists).
 */
export class DebtorsApplication {
  private readonly debtorCodec;

  constructor(private readonly deps: DebtorsApplicationDeps) {
    this.debtorCodec = debtorEventCodec(deps.protector);
  }

  today(): string {
    return new Intl.DateTimeFormat('en-CA', { timeZone: this.deps.businessTimeZone ?? 'America/Sao_Paulo' }).format(this.deps.clock.now());
  }

  // ---- writes -------------------------------------------------------------

  registerDebtor(ctx: RequestContext, input: unknown): Promise<Reply<DebtorView>> {
    return this.idempotent(ctx, 'POST /debtors', input, async () => {
      const body = parseInput(registerDebtorBody, input);
      const debtorId = this.idOrNew(body.debtorId, 'debtorId');
      const withIds = { ...body, contactPoints: body.contactPoints.map((c) => ({ ...c, id: c.id ?? this.deps.ids.next() })) };
      await this.runDebtor(ctx, debtorId, registerDebtorCommand(debtorId, withIds, this.stamp(ctx)));
      return { statusCode: 201, body: await this.getDebtor(ctx, debtorId) };
    });
  }

  updateContactPoints(ctx: RequestContext, debtorId: string, input: unknown): Promise<Reply<DebtorView>> {
    return this.idempotent(ctx, `PUT /debtors/${debtorId}/contact-points`, input, async () => {
      const body = parseInput(updateContactPointsBody, input);
      await this.requireDebtor(ctx, debtorId);
      await this.runDebtor(ctx, debtorId, {
        type: 'UpdateContactPoints',
        debtorId,
        contactPoints: body.contactPoints.map((c) => ({ ...c, id: c.id ?? this.deps.ids.next() })) as never,
        now: this.now(),
        actor: ctx.principal.subject,
      });
      return { statusCode: 200, body: await this.getDebtor(ctx, debtorId) };
    });
  }

  /** Consent for one channel (a contact point), as the debtor gave or withdrew it. */
  recordContactConsent(ctx: RequestContext, debtorId: string, contactPointId: string, input: unknown): Promise<Reply<DebtorView>> {
    return this.contactPointCommand(ctx, debtorId, contactPointId, 'consent', input, (body) => ({ type: 'RecordContactConsent', consent: parseInput(recordConsentBody, body).consent }));
  }

  /** The debtor asked not to be contacted on this channel again; never undone by a later sync. */
  recordOptOut(ctx: RequestContext, debtorId: string, contactPointId: string, input: unknown): Promise<Reply<DebtorView>> {
    return this.contactPointCommand(ctx, debtorId, contactPointId, 'opt-out', input, (body) => ({ type: 'RecordOptOut', reason: parseInput(recordOptOutBody, body).reason }));
  }

  private contactPointCommand(
    ctx: RequestContext,
    debtorId: string,
    contactPointId: string,
    action: string,
    input: unknown,
    toCommand: (body: unknown) => { type: 'RecordContactConsent'; consent: string } | { type: 'RecordOptOut'; reason: string },
  ): Promise<Reply<DebtorView>> {
    return this.idempotent(ctx, `POST /debtors/${debtorId}/contact-points/${contactPointId}/${action}`, input, async () => {
      const command = toCommand(input);
      await this.requireDebtor(ctx, debtorId);
      const id = this.uuid(debtorId, 'debtorId');
      await this.runDebtor(ctx, id, { ...command, debtorId: id, contactPointId, now: this.now(), actor: ctx.principal.subject } as DebtorCommand);
      return { statusCode: 200, body: await this.getDebtor(ctx, id) };
    });
  }

  /**
   * LGPD art. 18: the key is destroyed first, then the fact is recorded. A crash in
   * between leaves the data already unreadable, and a retry records the event.
   */
  requestErasure(ctx: RequestContext, debtorId: string): Promise<Reply<{ debtorId: string; erasedAt: string }>> {
    return this.idempotent(ctx, `POST /debtors/${debtorId}/erasure`, {}, async () => {
      await this.requireDebtor(ctx, debtorId);
      await this.deps.protector.erase(debtorId, ctx.principal.tenantId);
      const now = this.now();
      await this.runDebtor(ctx, debtorId, { type: 'RequestErasure', debtorId, now, actor: ctx.principal.subject });
      return { statusCode: 200, body: { debtorId, erasedAt: now } };
    });
  }

  registerDebt(ctx: RequestContext, input: unknown): Promise<Reply<DebtView>> {
    return this.idempotent(ctx, 'POST /debts', input, async () => {
      const body = parseInput(registerDebtBody, input);
      const debtId = this.idOrNew(body.debtId, 'debtId');
      const debtor = await this.requireDebtor(ctx, this.uuid(body.debtorId, 'debtorId'));
      if (debtor.erased) throw new RuleViolationProblem('DEBTOR_ERASED', 'the debtor was erased: no new debts can be registered for it');
      await this.runDebt(ctx, debtId, registerDebtCommand(debtId, body, this.stamp(ctx)));
      return { statusCode: 201, body: await this.getDebt(ctx, debtId) };
    });
  }

  recordPayment(ctx: RequestContext, debtId: string, input: unknown): Promise<Reply<DebtView>> {
    return this.debtCommand(ctx, debtId, 'payments', input, (body) => {
      const p = parseInput(recordPaymentBody, body);
      return { type: 'RecordPayment', paymentId: p.paymentId, amount: p.amount as never, paidOn: p.paidOn };
    });
  }

  openDispute(ctx: RequestContext, debtId: string, input: unknown): Promise<Reply<DebtView>> {
    return this.debtCommand(ctx, debtId, 'dispute', input, (body) => ({ type: 'OpenDispute', reason: parseInput(openDisputeBody, body).reason }));
  }

  resolveDispute(ctx: RequestContext, debtId: string, input: unknown): Promise<Reply<DebtView>> {
    return this.debtCommand(ctx, debtId, 'dispute/resolution', input, (body) => ({ type: 'ResolveDispute', outcome: parseInput(resolveDisputeBody, body).outcome }));
  }

  writeOff(ctx: RequestContext, debtId: string, input: unknown): Promise<Reply<DebtView>> {
    return this.debtCommand(ctx, debtId, 'write-off', input, (body) => ({ type: 'WriteOff', reason: parseInput(writeOffBody, body).reason }));
  }

  /**
   * The import's write path: the same deciders and the same write path, without the
   * idempotency table and without reading the result back (ids derived from natural
   * keys make a row idempotent: a second run is refused as already registered).
   */
  async importDebtorAndDebt(ctx: RequestContext, debtor: Record<string, unknown> & { debtorId: string }, debt: Record<string, unknown> & { debtId: string }): Promise<'imported' | 'present'> {
    const stamp = this.stamp(ctx);
    const debtorCommand = registerDebtorCommand(debtor.debtorId, parseInput(registerDebtorBody, debtor), stamp);
    const debtCommand = registerDebtCommand(debt.debtId, parseInput(registerDebtBody, debt), stamp);
    let registered = false;
    try {
      registered = (await this.runDebtor(ctx, debtor.debtorId, debtorCommand)).events.length > 0;
    } catch (error) {
      if ((error as { code?: string }).code !== 'DEBTOR_ALREADY_REGISTERED') throw error;
    }
    try {
      await this.runDebt(ctx, debt.debtId, debtCommand);
      return 'imported';
    } catch (error) {
      if ((error as { code?: string }).code === 'DEBT_ALREADY_REGISTERED') return registered ? 'imported' : 'present';
      throw error;
    }
  }

  /**
   * The import's bulk path: a batch of rows decided in memory (their streams are new),
   * personal-data keys made up front, and every append of the batch in ONE statement
   * (one round trip and one commit instead of two of each per row). Rows whose debt already exists are 'present';
   * a row the deciders refuse gets its error. Returns undefined when the transaction
   * failed (a concurrent writer): the caller then imports that batch row by row.
   */
  async importBatch(
    ctx: RequestContext,
    items: readonly { row: number; debtor: Record<string, unknown> & { debtorId: string }; debt: Record<string, unknown> & { debtId: string } }[],
  ): Promise<Map<number, 'imported' | 'present' | Error> | undefined> {
    const stamp = this.stamp(ctx);
    const { tenantId, actor } = stamp;
    const results = new Map<number, 'imported' | 'present' | Error>();
    const decided: { row: number; debtorId: string; debtorEvents: DebtorEvent[]; debtId: string; debtEvents: DebtEvent[] }[] = [];
    for (const item of items) {
      try {
        const debtorEvents = debtorDecider.decide(registerDebtorCommand(item.debtor.debtorId, parseInput(registerDebtorBody, item.debtor), stamp), debtorDecider.initialState());
        const debtEvents = debtDecider.decide(registerDebtCommand(item.debt.debtId, parseInput(registerDebtBody, item.debt), stamp), debtDecider.initialState());
        decided.push({ row: item.row, debtorId: item.debtor.debtorId, debtorEvents: [...debtorEvents], debtId: item.debt.debtId, debtEvents: [...debtEvents] });
      } catch (error) {
        results.set(item.row, error as Error);
      }
    }
    if (decided.length === 0) return results;
    const streamIds = [...new Set(decided.flatMap((d) => [debtorStream(d.debtorId), debtStream(d.debtId)]))];
    const existing = await this.deps.store.existingStreams(streamIds);
    // personal-data keys first (committed, cached): encryption inside the transaction then needs no query
    const newDebtors = [...new Set(decided.filter((d) => !existing.has(debtorStream(d.debtorId))).map((d) => d.debtorId))];
    await this.deps.protector.prepare(newDebtors, tenantId);
    const metadata: EventMetadata = { actor, ...(ctx.correlationId ? { correlationId: ctx.correlationId } : {}) };
    const toEvents = async <E extends { type: string; data: unknown }>(events: readonly E[], codec: { encode: (e: E, c: { tenantId: string; streamId: string }) => Promise<{ type: string; data: unknown }> }, streamId: string) =>
      Promise.all(events.map(async (e) => ({ eventId: this.deps.ids.next(), ...(await codec.encode(e, { tenantId, streamId })), metadata })));
    const appends: { streamId: string; events: NewEvent[]; expectedVersion: ExpectedVersion }[] = [];
    const planned = new Set<string>();
    for (const d of decided) {
      const debtor = debtorStream(d.debtorId);
      const debt = debtStream(d.debtId);
      if (!existing.has(debtor) && !planned.has(debtor)) {
        appends.push({ streamId: debtor, events: await toEvents(d.debtorEvents, this.debtorCodec, debtor), expectedVersion: ExpectedVersion.noStream });
        planned.add(debtor);
      }
      if (existing.has(debt) || planned.has(debt)) {
        results.set(d.row, 'present');
        continue;
      }
      appends.push({ streamId: debt, events: await toEvents(d.debtEvents, debtEventCodec, debt), expectedVersion: ExpectedVersion.noStream });
      planned.add(debt);
      results.set(d.row, 'imported');
    }
    try {
      // every stream of the batch in one statement: one round trip, one commit
      await this.deps.store.appendToStreams(appends, { tenantId });
    } catch {
      return undefined;
    }
    this.deps.commandCounter?.inc({ command: 'ImportBatch', outcome: 'accepted' });
    return results;
  }

  // ---- reads --------------------------------------------------------------

  async getDebtor(ctx: Pick<RequestContext, 'principal'>, debtorId: string): Promise<DebtorView> {
    const id = this.uuid(debtorId, 'debtorId');
    const { events, currentVersion } = await this.deps.store.readStream(debtorStream(id), { tenantId: ctx.principal.tenantId });
    const decoded = await Promise.all(events.map((e) => this.debtorCodec.decode(e)));
    const view = debtorViewFrom(decoded, currentVersion);
    if (!view) throw new NotFoundProblem(`debtor ${id} not found`);
    return view;
  }

  async getDebt(ctx: Pick<RequestContext, 'principal'>, debtId: string, balanceAsOf?: string, asOf?: AsOf): Promise<DebtView> {
    const id = this.uuid(debtId, 'debtId');
    const loaded = await loadAggregate(this.deps.store, debtDecider, debtEventCodec, debtStream(id), { tenantId: ctx.principal.tenantId, ...(asOf ? { asOf } : {}) });
    const events = await Promise.all(loaded.events.map((e) => debtEventCodec.decode(e)));
    const date = balanceAsOf ?? this.today();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) {
      throw ValidationError.of('asOf', 'must be a date YYYY-MM-DD');
    }
    const view = debtViewFrom(loaded.state, events, date, loaded.version);
    if (!view) throw new NotFoundProblem(`debt ${id} not found`);
    return view;
  }

  async listDebts(ctx: Pick<RequestContext, 'principal'>, query: unknown): Promise<{ items: unknown[]; nextPageToken: string | null }> {
    const q = parseInput(listDebtsQuery, query);
    const params: unknown[] = [ctx.principal.tenantId];
    const where = ['tenant_id = $1'];
    if (q.status) where.push(`status = $${params.push(q.status)}`);
    if (q.agingBucket) where.push(`aging_bucket = $${params.push(q.agingBucket)}`);
    if (q.debtorId) where.push(`debtor_id = $${params.push(q.debtorId)}`);
    if (q.pageToken) {
      const after = decodePageToken(q.pageToken);
      where.push(`(registered_at, debt_id) > ($${params.push(after.registeredAt)}::timestamptz, $${params.push(after.debtId)}::uuid)`);
    }
    const rows: DebtRow[] = await this.deps.dataSource.query(
      `SELECT debt_id, debtor_id, contract_reference, original_amount, currency, due_date::text AS due_date, status, aging_bucket,
              days_past_due, registered_at, version
         FROM debt_view WHERE ${where.join(' AND ')}
        ORDER BY registered_at, debt_id LIMIT $${params.push(q.pageSize + 1)}`,
      params,
    );
    const page = rows.slice(0, q.pageSize);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        debtId: r.debt_id,
        debtorId: r.debtor_id,
        contractReference: r.contract_reference,
        originalAmount: { amount: Number(r.original_amount), currency: r.currency },
        dueDate: r.due_date,
        status: r.status,
        agingBucket: r.aging_bucket,
        daysPastDue: r.days_past_due,
        version: Number(r.version),
      })),
      nextPageToken: rows.length > q.pageSize && last ? encodePageToken(new Date(last.registered_at).toISOString(), last.debt_id) : null,
    };
  }

  // ---- audit --------------------------------------------------------------

  async history(ctx: Pick<RequestContext, 'principal'>, kind: 'debtor' | 'debt', id: string) {
    const uuid = this.uuid(id, `${kind}Id`);
    const stream = kind === 'debtor' ? debtorStream(uuid) : debtStream(uuid);
    const { events } = await this.deps.store.readStream(stream, { tenantId: ctx.principal.tenantId });
    if (events.length === 0) throw new NotFoundProblem(`${kind} ${uuid} not found`);
    return Promise.all(
      events.map(async (e) => ({
        version: e.streamVersion,
        type: e.type,
        recordedAt: e.recordedAt.toISOString(),
        actor: e.metadata.actor ?? null,
        correlationId: e.metadata.correlationId ?? null,
        causationId: e.metadata.causationId ?? null,
        eventId: e.eventId,
        globalPosition: e.globalPosition.toString(),
        hash: e.hash,
        data: kind === 'debtor' ? (await this.debtorCodec.decode(e)).data : e.data,
      })),
    );
  }

  async stateAsOf(ctx: Pick<RequestContext, 'principal'>, kind: 'debtor' | 'debt', id: string, instant: string) {
    const at = new Date(instant);
    if (Number.isNaN(at.getTime())) throw ValidationError.of('at', 'must be an ISO 8601 instant');
    if (kind === 'debt') return this.getDebt(ctx, id, at.toISOString().slice(0, 10), { instant: at });
    const uuid = this.uuid(id, 'debtorId');
    const { events, currentVersion } = await this.deps.store.readStream(debtorStream(uuid), { tenantId: ctx.principal.tenantId, asOf: { instant: at } });
    const view = debtorViewFrom(await Promise.all(events.map((e) => this.debtorCodec.decode(e))), currentVersion);
    if (!view) throw new NotFoundProblem(`debtor ${uuid} did not exist at ${at.toISOString()}`);
    return view;
  }

  async verify(ctx: Pick<RequestContext, 'principal'>, target?: { kind: 'debtor' | 'debt'; id: string }): Promise<VerificationReport & { scope: string }> {
    const tenantId = ctx.principal.tenantId;
    if (!target) return { ...(await this.deps.store.verify({ tenantId })), scope: `tenant ${tenantId}` };
    const uuid = this.uuid(target.id, `${target.kind}Id`);
    const streamId = target.kind === 'debtor' ? debtorStream(uuid) : debtStream(uuid);
    const report = await this.deps.store.verify({ tenantId, streamId });
    if (report.eventsChecked === 0 && report.breaks.every((b: ChainBreak) => b.tenantId !== tenantId)) throw new NotFoundProblem(`${target.kind} ${uuid} not found`);
    return { ...report, scope: streamId };
  }

  // ---- plumbing -----------------------------------------------------------

  private debtCommand(
    ctx: RequestContext,
    debtId: string,
    action: string,
    input: unknown,
    toCommand: (body: unknown) => Record<string, unknown>,
  ): Promise<Reply<DebtView>> {
    return this.idempotent(ctx, `POST /debts/${debtId}/${action}`, input, async () => {
      const id = this.uuid(debtId, 'debtId');
      const command = { ...toCommand(input), debtId: id, now: this.now(), actor: ctx.principal.subject } as unknown as DebtCommand;
      const outcome = await this.runDebt(ctx, id, command);
      if (outcome.streamVersionBefore === 0) throw new NotFoundProblem(`debt ${id} not found`);
      return { statusCode: 200, body: await this.getDebt(ctx, id) };
    });
  }

  async runDebt(ctx: RequestContext, debtId: string, command: DebtCommand) {
    return this.run(command.type, () =>
      handleCommand(this.deps.store, debtDecider, debtEventCodec, debtStream(debtId), command, this.commandContext(ctx)),
    );
  }

  private async runDebtor(ctx: RequestContext, debtorId: string, command: DebtorCommand) {
    return this.run(command.type, () =>
      handleCommand(this.deps.store, debtorDecider, this.debtorCodec, debtorStream(debtorId), command, this.commandContext(ctx)),
    );
  }

  private async run<T>(command: string, work: () => Promise<T>): Promise<T> {
    const count = (outcome: string) => this.deps.commandCounter?.inc({ command, outcome });
    try {
      const result = await work();
      count('accepted');
      return result;
    } catch (error) {
      count(error instanceof DomainRuleViolation ? 'refused' : error instanceof ValidationError ? 'invalid' : error instanceof WrongExpectedVersionError ? 'conflict' : 'failed');
      if (error instanceof DomainRuleViolation) {
        const notFound = error.code === 'DEBT_NOT_REGISTERED' || error.code === 'DEBTOR_NOT_REGISTERED' || error.code === 'CONTACT_POINT_NOT_FOUND';
        if (notFound) throw new NotFoundProblem(error.message);
        throw new RuleViolationProblem(error.code, error.message, 422);
      }
      throw error;
    }
  }

  private async requireDebtor(ctx: Pick<RequestContext, 'principal'>, debtorId: string): Promise<DebtorView> {
    return this.getDebtor(ctx, debtorId);
  }

  private commandContext(ctx: RequestContext) {
    const metadata: EventMetadata = {
      actor: ctx.principal.subject,
      ...(ctx.correlationId ? { correlationId: ctx.correlationId } : {}),
      ...(ctx.traceparent ? { traceparent: ctx.traceparent } : {}),
    };
    return { tenantId: TenantId.parse(ctx.principal.tenantId), metadata, nextEventId: () => this.deps.ids.next() };
  }

  private async idempotent<T>(ctx: RequestContext, operation: string, input: unknown, work: () => Promise<Reply<T>>): Promise<Reply<T>> {
    const hash = IdempotencyStore.requestHash(operation, '', input);
    // A debtor's view holds personal data: keep only its id, and re-read it on a replay.
    const codec = operation.startsWith('POST /debtors') || operation.startsWith('PUT /debtors')
      ? {
          keep: (response: Reply) => ({ debtorId: (response.body as { debtorId: string }).debtorId, erasedAt: (response.body as { erasedAt?: string }).erasedAt }),
          replay: async (kept: unknown) => {
            const { debtorId, erasedAt } = kept as { debtorId: string; erasedAt?: string };
            return erasedAt ? { debtorId, erasedAt } : this.getDebtor(ctx, debtorId);
          },
        }
      : undefined;
    const result = await this.deps.idempotency.run(ctx.principal.tenantId, ctx.idempotencyKey, hash, work as () => Promise<Reply>, codec);
    return { statusCode: result.statusCode, body: result.body as T };
  }

  private stamp(ctx: Pick<RequestContext, 'principal'>): CommandStamp {
    return { tenantId: ctx.principal.tenantId, now: this.now(), actor: ctx.principal.subject };
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  private idOrNew(value: string | undefined, field: string): string {
    return value === undefined ? this.deps.ids.next() : this.uuid(value, field);
  }

  private uuid(value: string, field: string): string {
    if (!isUuid(value)) throw new NotFoundProblem(`${field} ${value} is not a known id`);
    return value.toLowerCase();
  }
}

interface DebtRow {
  debt_id: string;
  debtor_id: string;
  contract_reference: string;
  original_amount: string;
  currency: string;
  due_date: string;
  status: string;
  aging_bucket: string;
  days_past_due: number;
  registered_at: string | Date;
  version: string;
}

function encodePageToken(registeredAt: string, debtId: string): string {
  return Buffer.from(JSON.stringify([registeredAt, debtId])).toString('base64url');
}

function decodePageToken(token: string): { registeredAt: string; debtId: string } {
  try {
    const [registeredAt, debtId] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as [string, string];
    if (typeof registeredAt !== 'string' || !isUuid(debtId)) throw new Error('bad token');
    return { registeredAt, debtId };
  } catch {
    throw new RuleViolationProblem('BAD_PAGE_TOKEN', 'pageToken is not a token this API returned', 400);
  }
}
