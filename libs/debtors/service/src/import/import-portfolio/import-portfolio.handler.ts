import { ExpectedVersion, StreamTenantMismatchError, WrongExpectedVersionError, type EventMetadata, type NewEvent } from '@collections/shared-event-store';
import { ValidationError } from '@collections/shared-kernel';
import type { RequestContext } from '@collections/shared-service-kit';
import { DebtorsRuleViolation, debtDecider, debtorDecider, type DebtEvent, type DebtorEvent } from '@collections/debtors-domain';
import { debtEventCodec } from '../../shared/debtor-event.codec';
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
  readonly debtor: unknown;
  readonly debt: unknown;
}

export type RowOutcome = 'imported' | 'present';

/** Thrown for a row whose command a decider refused, so that the report names the rule. */
export class RowRefused extends Error {
  constructor(outcome: Exclude<Outcome<never>, { kind: 'done' }>) {
    super(outcome.detail);
  }
}

/**
 * What a row's own content can be refused for: its input (parsers, value objects) or a
 * rule of the deciders. Only these become a row's error in the report; anything else
 * (the database, a bug) stops the import, since counting it as a bad row would tell the
 * client its file was wrong and quietly leave rows out.
 */
export function isRowRefusal(error: unknown): error is Error {
  return error instanceof ValidationError || error instanceof DebtorsRuleViolation || error instanceof RowRefused;
}

/**
 * The import's writes: the same request parsers, deciders and codecs as the API. No
 * idempotency table: ids derived (keyed) from natural keys make a row idempotent (a
 * second run finds its streams and reports it present).
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
   * (one round trip and one commit instead of two of each per row). Rows whose debt
   * already exists are 'present'; a row the parsers or deciders refuse gets its error.
   * Returns undefined when the transaction lost to a concurrent writer: the caller then
   * imports that batch row by row. Any other failure is thrown.
   */
  async importBatch(ctx: Pick<RequestContext, 'principal'>, items: readonly ImportItem[]): Promise<Map<number, RowOutcome | Error> | undefined> {
    const tenantId = ctx.principal.tenantId;
    const actor = ctx.principal.subject;
    const now = this.deps.calendar.now();
    const today = this.deps.calendar.today();
    const results = new Map<number, RowOutcome | Error>();
    const decided: { row: number; debtorId: DebtorId; debtorEvents: DebtorEvent[]; debtId: DebtId; debtEvents: DebtEvent[] }[] = [];
    for (const item of items) {
      try {
        const debtorEvents = debtorDecider.decide(registerDebtorCommand(ctx, item.debtorId, parseRegisterDebtorRequest(item.debtor), this.deps), debtorDecider.initialState());
        const debtEvents = debtDecider.decide(registerDebtCommand(ctx, item.debtId, parseRegisterDebtRequest(item.debt), now, today), debtDecider.initialState());
        decided.push({ row: item.row, debtorId: item.debtorId, debtorEvents: [...debtorEvents], debtId: item.debtId, debtEvents: [...debtEvents] });
      } catch (error) {
        if (!isRowRefusal(error)) throw error;
        results.set(item.row, error);
      }
    }
    if (decided.length === 0) return results;
    const streamIds = [...new Set(decided.flatMap((d) => [debtorStream(d.debtorId), debtStream(d.debtId)]))];
    const existing = await this.deps.store.existingStreams(streamIds, { tenantId });
    // personal-data keys first (committed, cached): encryption inside the transaction then needs no query
    const newDebtors = [...new Set(decided.filter((d) => !existing.has(debtorStream(d.debtorId))).map((d) => d.debtorId))];
    await this.deps.protector.prepare(newDebtors, tenantId);
    const metadata: EventMetadata = { actor };
    const toEvents = async <E extends { type: string; data: unknown }>(events: readonly E[], codec: { encode: (e: E, c: { tenantId: string; streamId: string }) => Promise<{ type: string; data: unknown }> }, streamId: string) =>
      Promise.all(events.map(async (e) => ({ eventId: this.deps.ids.next(), ...(await codec.encode(e, { tenantId, streamId })), metadata })));
    const appends: { streamId: string; events: NewEvent[]; expectedVersion: ExpectedVersion }[] = [];
    const planned = new Set<string>();
    for (const d of decided) {
      const debtor = debtorStream(d.debtorId);
      const debt = debtStream(d.debtId);
      if (!existing.has(debtor) && !planned.has(debtor)) {
        appends.push({ streamId: debtor, events: await toEvents(d.debtorEvents, this.deps.writer.debtorCodec, debtor), expectedVersion: ExpectedVersion.noStream });
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
    } catch (error) {
      // A concurrent writer created one of the streams (or another tenant holds its id):
      // the row-by-row path sorts out which rows that concerns. Anything else is no
      // reason to try each row again: it stops the import.
      if (error instanceof WrongExpectedVersionError || error instanceof StreamTenantMismatchError) return undefined;
      throw error;
    }
    this.deps.writer.count('ImportBatch', 'accepted');
    return results;
  }

  /** The slow path: one row through the ordinary write path (a batch whose transaction failed). */
  async importRow(ctx: Pick<RequestContext, 'principal'>, item: ImportItem): Promise<RowOutcome> {
    const now = this.deps.calendar.now();
    const today = this.deps.calendar.today();
    const debtorCommand = registerDebtorCommand(ctx, item.debtorId, parseRegisterDebtorRequest(item.debtor), this.deps);
    const debtCommand = registerDebtCommand(ctx, item.debtId, parseRegisterDebtRequest(item.debt), now, today);
    const debtor = await this.deps.writer.debtor(ctx, item.debtorId, debtorCommand);
    if (debtor.kind !== 'done' && !(debtor.kind === 'refused' && debtor.code === 'DEBTOR_ALREADY_REGISTERED')) throw new RowRefused(debtor);
    const registered = debtor.kind === 'done' && debtor.value.events.length > 0;
    const debt = await this.deps.writer.debt(ctx, item.debtId, debtCommand);
    if (debt.kind === 'done') return 'imported';
    if (debt.kind === 'refused' && debt.code === 'DEBT_ALREADY_REGISTERED') return registered ? 'imported' : 'present';
    throw new RowRefused(debt);
  }
}
