import { ExpectedVersion, StreamTenantMismatchError, WrongExpectedVersionError, type EventMetadata, type NewEvent } from '@collections/shared-event-store';
import { ValidationError } from '@collections/shared-kernel';
import type { RequestContext } from '@collections/shared-service-kit';
import { DebtorsRuleViolation, debtDecider, debtorDecider, type DebtEvent, type DebtorEvent } from '@collections/debtors-domain';
import type { DebtorsDeps } from '../../shared/debtors-deps';
import { debtStream, debtorStream, type DebtId, type DebtorId } from '../../shared/ids';
import type { Outcome } from '../../shared/outcome';
import { registerDebtCommand } from '../../debts/register-debt/register-debt.handler';
import { parseRegisterDebtRequest } from '../../debts/register-debt/register-debt.request';
import { registerDebtorCommand } from '../../debtors/register-debtor/register-debtor.handler';
import { parseRegisterDebtorRequest } from '../../debtors/register-debtor/register-debtor.request';

/** One row of a portfolio: a debtor and one of its debts, as request inputs, with ids derived from natural keys. */
export interface ImportItem {
  readonly row: number;
  readonly debtorId: DebtorId;
  readonly debtId: DebtId;
  /** The CPF/CNPJ's digits: whose claim, if any, says which debtor the row belongs to. */
  readonly taxDigits: string;
  readonly debtor: Readonly<Record<string, unknown>>;
  readonly debt: Readonly<Record<string, unknown>>;
}

export type RowOutcome = 'imported' | 'present';

/** Thrown for a row whose command a decider refused, so that the report names the rule. */
export class RowRefused extends Error {
  readonly code: string | undefined;

  constructor(outcome: Exclude<Outcome<never>, { kind: 'done' }>) {
    super(outcome.detail);
    this.code = outcome.kind === 'refused' ? outcome.code : undefined;
  }
}

/** A tax id of the batch was claimed by a registration that committed meanwhile. */
class ClaimTaken extends Error {}

/**
 * What a row's own content can be refused for: its input (parsers, value objects) or a
 * rule of the deciders. Only these become a row's error in the report; anything else
 * (the database, a bug) stops the import, since counting it as a bad row would tell the
 * client its file was wrong and quietly leave rows out.
 */
export function isRowRefusal(error: unknown): error is Error {
  return error instanceof ValidationError || error instanceof DebtorsRuleViolation || error instanceof RowRefused;
}

/** The row, for the debtor holding its tax id (registered before, by the API or an import). */
function forDebtor(item: ImportItem, debtorId: DebtorId): ImportItem {
  return debtorId === item.debtorId ? item : { ...item, debtorId, debtor: { ...item.debtor, debtorId }, debt: { ...item.debt, debtorId } };
}

/**
 * The import's writes: the same request parsers, deciders and codecs as the API. No
 * idempotency table: ids derived (keyed) from natural keys make a row idempotent (a
 * second run finds its streams and reports it present).
 *
 * A row's debtor is the tenant's debtor with that CPF/CNPJ, whichever way it was
 * registered (its tax id claim names it): a debtor registered through the API gets the
 * row's debt, and is not registered a second time. A debtor that was erased takes no
 * new debt: the row is refused (DEBTOR_ERASED).
 */
export class ImportPortfolioHandler {
  /** How a row's natural keys become its ids. */
  readonly naturalKeys;

  constructor(private readonly deps: DebtorsDeps) {
    this.naturalKeys = deps.naturalKeys;
  }

  /**
   * The bulk path: a batch of rows decided in memory (their streams are new),
   * personal-data keys made up front, and every append of the batch in ONE statement
   * (one round trip and one commit instead of two of each per row), in one transaction
   * with the new debtors' tax id claims. Rows whose debt already exists are 'present';
   * a row the parsers or deciders refuse gets its error.
   * Returns undefined when the transaction lost to a concurrent writer: the caller then
   * imports that batch row by row. Any other failure is thrown.
   */
  async importBatch(ctx: Pick<RequestContext, 'principal'>, items: readonly ImportItem[]): Promise<Map<number, RowOutcome | Error> | undefined> {
    const tenantId = ctx.principal.tenantId;
    const actor = ctx.principal.subject;
    const now = this.deps.calendar.now();
    const today = this.deps.calendar.today();
    const results = new Map<number, RowOutcome | Error>();
    const indexes = new Map(items.map((item) => [item.row, this.deps.claims.indexOf(tenantId, item.taxDigits)]));
    const holders = await this.deps.claims.holders(tenantId, [...indexes.values()]);
    const decided: { row: number; index: string; debtorId: DebtorId; debtorEvents: DebtorEvent[]; debtId: DebtId; debtEvents: DebtEvent[] }[] = [];
    for (const given of items) {
      const index = indexes.get(given.row)!;
      const holder = holders.get(index);
      const item = holder ? forDebtor(given, holder) : given;
      try {
        const debtorEvents = debtorDecider.decide(registerDebtorCommand(ctx, item.debtorId, parseRegisterDebtorRequest(item.debtor), this.deps), debtorDecider.initialState());
        const debtEvents = debtDecider.decide(registerDebtCommand(ctx, item.debtId, parseRegisterDebtRequest(item.debt), now, today), debtDecider.initialState());
        decided.push({ row: item.row, index, debtorId: item.debtorId, debtorEvents: [...debtorEvents], debtId: item.debtId, debtEvents: [...debtEvents] });
      } catch (error) {
        if (!isRowRefusal(error)) throw error;
        results.set(item.row, error);
      }
    }
    if (decided.length === 0) return results;
    const streamIds = [...new Set(decided.flatMap((d) => [debtorStream(d.debtorId), debtStream(d.debtId)]))];
    const existing = await this.deps.store.existingStreams(streamIds, { tenantId });
    const erased = await this.erasedDebtors(tenantId, [...new Set(decided.map((d) => d.debtorId).filter((id) => existing.has(debtorStream(id))))]);
    // personal-data keys first (committed, cached): encryption inside the transaction then needs no query
    const newDebtors = [...new Set(decided.filter((d) => !existing.has(debtorStream(d.debtorId))).map((d) => d.debtorId))];
    await this.deps.protector.prepare(newDebtors, tenantId);
    const metadata: EventMetadata = { actor };
    const toEvents = async <E extends { type: string; data: unknown }>(events: readonly E[], codec: { encode: (e: E, c: { tenantId: string; streamId: string }) => Promise<{ type: string; data: unknown }> }, streamId: string) =>
      Promise.all(events.map(async (e) => ({ eventId: this.deps.ids.next(), ...(await codec.encode(e, { tenantId, streamId })), metadata })));
    const appends: { streamId: string; events: NewEvent[]; expectedVersion: ExpectedVersion }[] = [];
    const claims = new Map<string, DebtorId>();
    const planned = new Set<string>();
    for (const d of decided) {
      const debtor = debtorStream(d.debtorId);
      const debt = debtStream(d.debtId);
      if (erased.has(d.debtorId)) {
        results.set(d.row, new DebtorsRuleViolation('DEBTOR_ERASED', `debtor ${d.debtorId} was erased (LGPD art. 18): it takes no new debt`));
        continue;
      }
      if (!existing.has(debtor) && !planned.has(debtor)) {
        appends.push({ streamId: debtor, events: await toEvents(d.debtorEvents, this.deps.writer.debtorCodec, debtor), expectedVersion: ExpectedVersion.noStream });
        claims.set(d.index, d.debtorId);
        planned.add(debtor);
      }
      if (existing.has(debt) || planned.has(debt)) {
        results.set(d.row, 'present');
        continue;
      }
      appends.push({ streamId: debt, events: await toEvents(d.debtEvents, this.deps.writer.debtCodec, debt), expectedVersion: ExpectedVersion.noStream });
      planned.add(debt);
      results.set(d.row, 'imported');
    }
    try {
      // the claims and every stream of the batch (in one statement): one transaction, one commit
      await this.deps.store.transaction(async (transaction) => {
        const held = await this.deps.claims.claim(transaction, tenantId, claims);
        for (const [index, debtorId] of claims) if (held.get(index) !== debtorId) throw new ClaimTaken();
        await this.deps.store.appendToStreams(appends, { tenantId, transaction });
      });
    } catch (error) {
      // A concurrent writer created one of the streams or claimed one of the tax ids (or
      // another tenant holds a stream's id): the row-by-row path sorts out which rows that
      // concerns. Anything else is no reason to try each row again: it stops the import.
      if (error instanceof ClaimTaken || error instanceof WrongExpectedVersionError || error instanceof StreamTenantMismatchError) return undefined;
      throw error;
    }
    this.deps.writer.count('ImportBatch', 'accepted');
    return results;
  }

  /** The slow path: one row through the ordinary write path (a batch whose transaction failed). */
  async importRow(ctx: Pick<RequestContext, 'principal'>, given: ImportItem): Promise<RowOutcome> {
    const tenantId = ctx.principal.tenantId;
    const index = this.deps.claims.indexOf(tenantId, given.taxDigits);
    const holderOf = async () => (await this.deps.claims.holders(tenantId, [index])).get(index);
    const holder = await holderOf();
    let item = holder ? forDebtor(given, holder) : given;
    const debtor = await this.deps.writer.registerDebtor(ctx, item.debtorId, registerDebtorCommand(ctx, item.debtorId, parseRegisterDebtorRequest(item.debtor), this.deps));
    if (debtor.kind !== 'done' && !(debtor.kind === 'refused' && debtor.code === 'DEBTOR_ALREADY_REGISTERED')) throw new RowRefused(debtor);
    if (debtor.kind !== 'done' && !holder) {
      // refused for its tax id: a registration of the same CPF/CNPJ committed meanwhile; the row is that debtor's
      const claimedMeanwhile = await holderOf();
      if (claimedMeanwhile) item = forDebtor(given, claimedMeanwhile);
    }
    const registered = debtor.kind === 'done' && debtor.value.events.length > 0;
    const debtCommand = registerDebtCommand(ctx, item.debtId, parseRegisterDebtRequest(item.debt), this.deps.calendar.now(), this.deps.calendar.today());
    const debt = await this.deps.writer.debt(ctx, item.debtId, debtCommand);
    if (debt.kind === 'done') return 'imported';
    if (debt.kind === 'refused' && debt.code === 'DEBT_ALREADY_REGISTERED') return registered ? 'imported' : 'present';
    throw new RowRefused(debt);
  }

  /**
   * Which of these (existing) debtors were erased. One query on the log for the batch
   * rather than reading and decrypting each debtor's history: an erased debtor's stream
   * holds its DebtorErasureRequested event (nothing can follow or undo it).
   */
  private async erasedDebtors(tenantId: string, debtorIds: readonly DebtorId[]): Promise<Set<DebtorId>> {
    if (debtorIds.length === 0) return new Set();
    const byStream = new Map(debtorIds.map((id) => [debtorStream(id), id]));
    const rows = await this.deps.store.driver.query<{ stream_id: string }>(
      `SELECT DISTINCT stream_id FROM es_events WHERE tenant_id = $1 AND stream_id = ANY ($2::text[]) AND event_type = 'DebtorErasureRequested'`,
      [tenantId, [...byStream.keys()]],
    );
    return new Set(rows.flatMap((r) => byStream.get(r.stream_id) ?? []));
  }
}
