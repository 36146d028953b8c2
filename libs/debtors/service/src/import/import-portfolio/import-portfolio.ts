import { Readable } from 'node:stream';
import readline from 'node:readline';
import { parse } from 'csv-parse';
import { WrongExpectedVersionError } from '@collections/shared-event-store';
import { DEFAULT_INPUT_LIMITS, assertSafeInput, DomainRuleViolation, ValidationError } from '@collections/shared-kernel';
import type { RequestContext } from '@collections/shared-service-kit';
import type { NaturalKeyIds } from '../../shared/natural-key-ids';
import { parseCentavos } from './import-amount';
import { isRowRefusal, RowRefused, type ImportItem, type ImportPortfolioHandler, type RowOutcome } from './import-portfolio.handler';

/** One row: a debtor (registered when new) and one of its debts. */
export interface ImportRow {
  readonly taxId?: string;
  readonly name?: string;
  readonly state?: string;
  readonly timeZone?: string;
  readonly phone?: string;
  readonly email?: string;
  /** `granted` or `not_granted` (empty: not granted): what the creditor holds for each contact point. */
  readonly phoneConsent?: string;
  readonly emailConsent?: string;
  readonly contractReference?: string;
  readonly amount?: string | number;
  readonly currency?: string;
  readonly dueDate?: string;
  readonly lateFeeRate?: string;
  readonly monthlyInterestRate?: string;
  readonly segment?: string;
  readonly portfolio?: string;
}

export interface RowError {
  readonly row: number;
  readonly field: string;
  /** The rule a row broke (DEBTOR_ERASED...), when it broke one rather than had bad input. */
  readonly code?: string;
  readonly message: string;
}

export interface ImportReport {
  readonly rows: number;
  readonly imported: number;
  readonly alreadyPresent: number;
  readonly failed: number;
  /** The first 1,000 problems, by row and field. */
  readonly errors: readonly RowError[];
  readonly seconds: number;
}

export type ImportFormat = 'csv' | 'ndjson';

const MAX_ERRORS = 1000;

/**
 * Streams a CSV (header row) or NDJSON file of debtors and debts in batches (constant
 * memory: the parser waits while a batch is written). Each batch goes through the same
 * deciders and codecs as the API, all its appends in one transaction; if that
 * transaction fails (a concurrent writer), the batch is replayed row by row through the
 * ordinary write path. A bad row is reported (row number, field, message) and the
 * import goes on; nothing is lost on bad input. Any other failure (the database) stops
 * the import: it is thrown, the batches written before it are kept.
 */
export async function importPortfolio(
  handler: ImportPortfolioHandler,
  ctx: Pick<RequestContext, 'principal'>,
  input: Readable,
  format: ImportFormat,
  options: { batchSize?: number; onProgress?: (report: Omit<ImportReport, 'errors' | 'seconds'>) => void; progressEvery?: number } = {},
): Promise<ImportReport> {
  const started = Date.now();
  const batchSize = options.batchSize ?? 500;
  const progressEvery = options.progressEvery ?? 1000;
  const errors: RowError[] = [];
  let rows = 0;
  let imported = 0;
  let alreadyPresent = 0;
  let failed = 0;

  const record = (row: number, error: unknown) => {
    failed += 1;
    if (error instanceof ValidationError) {
      for (const v of error.violations) if (errors.length < MAX_ERRORS) errors.push({ row, field: v.field, message: v.message });
      return;
    }
    // a rule of the domain (an erased debtor, say): its code lets a client sort the rows out
    const code = error instanceof DomainRuleViolation || error instanceof RowRefused ? error.code : undefined;
    if (errors.length < MAX_ERRORS) errors.push({ row, field: '(row)', ...(code ? { code } : {}), message: (error as Error).message });
  };

  const tally = (row: number, outcome: RowOutcome | Error) => {
    if (outcome === 'imported') imported += 1;
    else if (outcome === 'present') alreadyPresent += 1;
    else record(row, outcome);
  };
  let lastProgress = 0;
  const flush = async (batch: ImportItem[]): Promise<void> => {
    if (batch.length === 0) return;
    const outcomes = await handler.importBatch({ principal: ctx.principal }, batch);
    for (const item of batch) {
      const outcome = outcomes?.get(item.row);
      if (outcome !== undefined) tally(item.row, outcome);
      else {
        try {
          tally(item.row, await retryOnConflict(() => handler.importRow({ principal: ctx.principal }, item)));
        } catch (error) {
          if (!isRowRefusal(error)) throw error;
          record(item.row, error);
        }
      }
    }
    const done = imported + alreadyPresent + failed;
    if (done - lastProgress >= progressEvery) {
      lastProgress = done;
      options.onProgress?.({ rows, imported, alreadyPresent, failed });
    }
  };

  let batch: ImportItem[] = [];
  let pending: Promise<void> = Promise.resolve();
  // A batch that failed stops the import. Its failure is caught as it happens (a promise
  // rejected while the next batch is parsed, with no handler yet, would be an unhandled
  // rejection) and thrown once reading stops.
  let stopped: { readonly error: unknown } | undefined;
  for await (const { row, value, parseError } of records(input, format)) {
    if (stopped) break;
    rows = row;
    if (parseError) {
      record(row, parseError);
      continue;
    }
    try {
      batch.push(toItem(handler.naturalKeys, ctx.principal.tenantId, row, value as ImportRow));
    } catch (error) {
      if (!isRowRefusal(error)) throw error;
      record(row, error);
    }
    if (batch.length >= batchSize) {
      // parse the next batch while this one is written (one batch in flight keeps rows in order per debtor)
      const full = batch;
      batch = [];
      await pending;
      if (stopped) break;
      pending = flush(full).catch((error: unknown) => {
        stopped = { error };
      });
    }
  }
  await pending;
  if (stopped) throw stopped.error;
  await flush(batch);
  options.onProgress?.({ rows, imported, alreadyPresent, failed });
  return { rows, imported, alreadyPresent, failed, errors, seconds: (Date.now() - started) / 1000 };
}

async function* records(input: Readable, format: ImportFormat): AsyncGenerator<{ row: number; value?: unknown; parseError?: Error }> {
  if (format === 'csv') {
    const parser = input.pipe(parse({ columns: true, trim: true, skip_empty_lines: true, bom: true, relax_column_count: false }));
    let row = 0;
    try {
      for await (const value of parser) yield { row: ++row, value };
    } catch (error) {
      // a malformed CSV line stops the parser: report where, keep what was imported
      yield { row: row + 1, parseError: new Error(`CSV parse error: ${(error as Error).message}`) };
    }
    return;
  }
  let row = 0;
  for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    row += 1;
    try {
      yield { row, value: JSON.parse(line) };
    } catch {
      yield { row, parseError: new Error('not a JSON object') };
    }
  }
}

/** Two rows of one debtor in flight together: the loser of the race on its stream retries. */
async function retryOnConflict<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError) || attempt >= 5) throw error;
    }
  }
}

/**
 * A contact point's consent as the file states it: without a column (older files) or an
 * empty cell, not granted, so that nothing is sent on a contact the creditor has no
 * consent for; anything but the two words is the row's error.
 */
function consentOf(value: unknown, field: string): 'granted' | 'not_granted' {
  if (value === undefined || value === null || value === '') return 'not_granted';
  if (value === 'granted' || value === 'not_granted') return value;
  throw ValidationError.of(field, 'must be granted or not_granted');
}

/**
 * A row as the commands' inputs, with ids derived from the tenant and the natural keys
 * (the same CPF is the same debtor, the same contract reference the same debt), so a
 * re-import is idempotent.
 */
function toItem(naturalKeys: NaturalKeyIds, tenant: string, rowNumber: number, row: ImportRow): ImportItem {
  // the same input edge as every JSON route: no NUL, no lone surrogate, no nesting, no number past 2^53
  assertSafeInput(row, DEFAULT_INPUT_LIMITS, 'row');
  const taxDigits = String(row.taxId ?? '').replace(/\D/g, '');
  if (!taxDigits) throw ValidationError.of('taxId', 'is required');
  if (!row.contractReference) throw ValidationError.of('contractReference', 'is required');
  const debtorId = naturalKeys.debtorId(tenant, taxDigits);
  const debtId = naturalKeys.debtId(tenant, String(row.contractReference));
  const amount = parseCentavos(row.amount);
  if ('problem' in amount) throw ValidationError.of('amount', amount.problem);
  const contactPoints = [
    ...(row.phone ? [{ id: naturalKeys.contactPointId(tenant, debtorId, 'phone'), kind: 'phone', value: row.phone, consent: consentOf(row.phoneConsent, 'phoneConsent') }] : []),
    ...(row.email ? [{ id: naturalKeys.contactPointId(tenant, debtorId, 'email'), kind: 'email', value: row.email, consent: consentOf(row.emailConsent, 'emailConsent') }] : []),
  ];
  return {
    row: rowNumber,
    debtorId,
    debtId,
    taxDigits,
    debtor: { debtorId, taxId: row.taxId, name: row.name, state: row.state, timeZone: row.timeZone || 'America/Sao_Paulo', contactPoints },
    debt: {
      debtId,
      debtorId,
      contractReference: row.contractReference,
      originalAmount: { amount: amount.centavos, currency: row.currency || 'BRL' },
      dueDate: row.dueDate,
      lateFeeRate: row.lateFeeRate || '0.02',
      ...(row.monthlyInterestRate ? { monthlyInterestRate: row.monthlyInterestRate } : {}),
      ...(row.segment ? { segment: row.segment } : {}),
      ...(row.portfolio ? { portfolio: row.portfolio } : {}),
    },
  };
}
