import { Money, ValidationError, epochDay, type FieldViolation, type IsoDate } from '@collections/shared-kernel';
import type { ReturnEntry } from '../return-file/return-entry';
import type { StatementEntry } from '../statement/ofx-statement';

/** What the platform charged: a boleto (nosso número), a PIX charge (txid), or both. */
export interface Charge {
  readonly chargeId: string;
  readonly nossoNumero?: string;
  /** When given, a return entry must come from this bank to match by nosso número. */
  readonly bank?: string;
  readonly txid?: string;
  readonly amount: Money;
  readonly dueDate: IsoDate;
}

/** A PIX credit as the PSP notifies it (endToEndId, txid, amount, time). */
export interface PixCredit {
  readonly endToEndId: string;
  readonly txid?: string;
  readonly amount: Money;
  readonly paidOn: IsoDate;
}

export type ReconcilableEntry = ReturnEntry | StatementEntry | PixCredit;

export type MatchMethod = 'nosso-numero' | 'txid' | 'amount-and-date';

export interface Match {
  readonly key: string;
  readonly chargeId: string;
  readonly method: MatchMethod;
  readonly amount: Money;
  readonly entry: ReconcilableEntry;
}

export interface Unmatched {
  readonly key: string;
  readonly reason: 'unknown-nosso-numero' | 'unknown-txid' | 'no-charge-in-window' | 'ambiguous';
  /** For `ambiguous`: the charges that fit equally well, none chosen. */
  readonly candidates?: readonly string[];
  readonly amount: Money;
  readonly entry: ReconcilableEntry;
}

export interface Duplicate {
  readonly key: string;
  /** Seen in an earlier import (`prior`), or earlier in this one (`same-import`). */
  readonly of: 'prior' | 'same-import';
  readonly entry: ReconcilableEntry;
}

export interface AmountDifference {
  readonly chargeId: string;
  readonly kind: 'under' | 'over';
  readonly charged: Money;
  readonly paid: Money;
  /** paid - charged: negative when under. */
  readonly difference: Money;
  /** Of what was paid, interest and late fee the bank reported (an over-payment may be just that). */
  readonly interestPaid: Money;
  readonly keys: readonly string[];
}

/** Entries that are not credits: a debit, a boleto entry confirmed or written off, a fee. */
export interface Ignored {
  readonly key: string;
  readonly reason: string;
  readonly entry: ReconcilableEntry;
}

export interface Reconciliation {
  readonly matched: Match[];
  readonly unmatched: Unmatched[];
  readonly duplicates: Duplicate[];
  readonly amountDifferences: AmountDifference[];
  readonly ignored: Ignored[];
  /** Keys of the entries taken in this import (all but the duplicates): add them to the prior keys. */
  readonly keys: string[];
}

export interface ReconcileOptions {
  /** Keys of entries imported before: an entry with one of them is a duplicate and changes nothing. */
  readonly priorKeys?: ReadonlySet<string>;
  /** A credit with no identifier matches a charge of the same amount due within this many days (default 3). */
  readonly dateWindowDays?: number;
}

/**
 * The identity of an entry across imports, so that the same entry imported twice
 * (the same file again, or two files that overlap) is recognised:
 *  - a return entry: bank, nosso número, occurrence code, date and amount paid (a
 *    título is settled once; the same occurrence on the same day is the same fact);
 *  - a statement entry: bank, account and FITID, with the day and amount, because some
 *    banks reuse FITIDs across days in their OFX exports;
 *  - a PIX credit: its endToEndId, unique in the Brazilian payment system.
 */
export function entryKey(entry: ReconcilableEntry): string {
  if ('endToEndId' in entry) return `pix:${entry.endToEndId}`;
  if ('fitId' in entry) return `ofx:${entry.account.bankId}:${entry.account.accountId}:${entry.fitId}:${entry.postedOn}:${entry.amount.amount}`;
  return `cnab:${entry.bank}:${entry.nossoNumero}:${entry.occurrence.code}:${entry.paidOn}:${entry.amountPaid.amount}`;
}

/** Nosso número as compared: blanks and leading zeros do not count ("00012345" = "12345"). */
export function normaliseNossoNumero(value: string): string {
  return value.trim().replace(/^0+(?=.)/, '');
}

/**
 * Matches bank entries to charges. Pure and deterministic: entries are taken in the
 * order given (file order), charges are indexed, and ties are never broken by guessing.
 *  1. A duplicate (key already imported, or seen earlier in this import) is set aside.
 *  2. What is not a credit (a debit, an occurrence other than a settlement) is ignored.
 *  3. A boleto settlement matches the charge with its nosso número; a PIX credit the
 *     charge with its txid. An identifier that matches no charge leaves the entry
 *     unmatched: an identifier is the bank's word, a look-alike charge is not.
 *  4. A credit with no identifier (a TED in a statement) matches the open charge of
 *     the same amount whose due date is nearest its day, within the window; two
 *     charges equally near make it ambiguous, and it stays unmatched.
 *  5. Each charge's payments are added up: paid ≠ charged is an amount difference.
 */
export function reconcile(entries: readonly ReconcilableEntry[], charges: readonly Charge[], options: ReconcileOptions = {}): Reconciliation {
  const index = indexCharges(charges);
  const window = options.dateWindowDays ?? 3;
  const prior = options.priorKeys ?? new Set<string>();
  const seen = new Set<string>();
  const result: Reconciliation = { matched: [], unmatched: [], duplicates: [], amountDifferences: [], ignored: [], keys: [] };
  const paidByCharge = new Map<string, { paid: number; interest: number; keys: string[] }>();

  for (const entry of entries) {
    const key = entryKey(entry);
    if (prior.has(key) || seen.has(key)) {
      result.duplicates.push({ key, of: prior.has(key) ? 'prior' : 'same-import', entry });
      continue;
    }
    seen.add(key);
    result.keys.push(key);
    const credit = creditOf(entry);
    if ('ignore' in credit) {
      result.ignored.push({ key, reason: credit.ignore, entry });
      continue;
    }
    const found = findCharge(credit, index, window, paidByCharge);
    if ('reason' in found) {
      result.unmatched.push({ key, reason: found.reason, ...(found.candidates ? { candidates: found.candidates } : {}), amount: credit.amount, entry });
      continue;
    }
    result.matched.push({ key, chargeId: found.charge.chargeId, method: found.method, amount: credit.amount, entry });
    const paid = paidByCharge.get(found.charge.chargeId) ?? { paid: 0, interest: 0, keys: [] };
    paid.paid += credit.amount.amount;
    paid.interest += credit.interest;
    paid.keys.push(key);
    paidByCharge.set(found.charge.chargeId, paid);
  }

  for (const charge of charges) {
    const paid = paidByCharge.get(charge.chargeId);
    if (!paid || paid.paid === charge.amount.amount) continue;
    result.amountDifferences.push({
      chargeId: charge.chargeId,
      kind: paid.paid < charge.amount.amount ? 'under' : 'over',
      charged: charge.amount,
      paid: Money.of(paid.paid, charge.amount.currency),
      difference: Money.of(paid.paid - charge.amount.amount, charge.amount.currency),
      interestPaid: Money.of(paid.interest, charge.amount.currency),
      keys: paid.keys,
    });
  }
  return result;
}

interface Credit {
  readonly amount: Money;
  readonly on: IsoDate;
  readonly interest: number;
  readonly nossoNumero?: { readonly value: string; readonly bank: string };
  readonly txid?: string;
}

function creditOf(entry: ReconcilableEntry): Credit | { ignore: string } {
  if ('endToEndId' in entry) {
    if (entry.amount.amount <= 0) return { ignore: 'not a credit: the amount is not positive' };
    return { amount: entry.amount, on: entry.paidOn, interest: 0, ...(entry.txid ? { txid: entry.txid } : {}) };
  }
  if ('fitId' in entry) {
    if (entry.amount.amount <= 0) return { ignore: 'not a credit: a debit of the statement' };
    return { amount: entry.amount, on: entry.postedOn, interest: 0 };
  }
  if (entry.occurrence.kind !== 'settled') return { ignore: `not a credit: occurrence ${entry.occurrence.code} (${entry.occurrence.kind})` };
  const nossoNumero = normaliseNossoNumero(entry.nossoNumero);
  return { amount: entry.amountPaid, on: entry.paidOn, interest: entry.interestPaid.amount, ...(nossoNumero ? { nossoNumero: { value: nossoNumero, bank: entry.bank } } : {}) };
}

interface ChargeIndex {
  readonly byNossoNumero: Map<string, Charge>;
  readonly byTxid: Map<string, Charge>;
  /** Charges by amount (currency and centavos), sorted by due date then id. */
  readonly byAmount: Map<string, { readonly charge: Charge; readonly day: number }[]>;
}

function indexCharges(charges: readonly Charge[]): ChargeIndex {
  const violations: FieldViolation[] = [];
  const ids = new Set<string>();
  const index: ChargeIndex = { byNossoNumero: new Map(), byTxid: new Map(), byAmount: new Map() };
  charges.forEach((charge, i) => {
    if (ids.has(charge.chargeId)) violations.push({ field: `charges[${i}].chargeId`, message: `"${charge.chargeId}" appears twice` });
    ids.add(charge.chargeId);
    if (charge.nossoNumero !== undefined) {
      const n = normaliseNossoNumero(charge.nossoNumero);
      if (index.byNossoNumero.has(n)) violations.push({ field: `charges[${i}].nossoNumero`, message: `"${charge.nossoNumero}" is also the nosso número of ${index.byNossoNumero.get(n)!.chargeId}` });
      index.byNossoNumero.set(n, charge);
    }
    if (charge.txid !== undefined) {
      if (index.byTxid.has(charge.txid)) violations.push({ field: `charges[${i}].txid`, message: `"${charge.txid}" is also the txid of ${index.byTxid.get(charge.txid)!.chargeId}` });
      index.byTxid.set(charge.txid, charge);
    }
    const amountKey = `${charge.amount.currency}:${charge.amount.amount}`;
    const list = index.byAmount.get(amountKey) ?? [];
    list.push({ charge, day: epochDay(charge.dueDate) });
    index.byAmount.set(amountKey, list);
  });
  if (violations.length > 0) throw new ValidationError(violations);
  for (const list of index.byAmount.values()) list.sort((a, b) => a.day - b.day || (a.charge.chargeId < b.charge.chargeId ? -1 : 1));
  return index;
}

function findCharge(
  credit: Credit,
  index: ChargeIndex,
  window: number,
  paid: ReadonlyMap<string, unknown>,
): { charge: Charge; method: MatchMethod } | { reason: Unmatched['reason']; candidates?: string[] } {
  if (credit.nossoNumero) {
    const charge = index.byNossoNumero.get(credit.nossoNumero.value);
    if (!charge || (charge.bank !== undefined && charge.bank !== credit.nossoNumero.bank)) return { reason: 'unknown-nosso-numero' };
    return { charge, method: 'nosso-numero' };
  }
  if (credit.txid) {
    const charge = index.byTxid.get(credit.txid);
    return charge ? { charge, method: 'txid' } : { reason: 'unknown-txid' };
  }
  const day = epochDay(credit.on);
  let best: { charge: Charge; distance: number }[] = [];
  for (const candidate of index.byAmount.get(`${credit.amount.currency}:${credit.amount.amount}`) ?? []) {
    // a charge already paid is not open for a guess by amount
    if (paid.has(candidate.charge.chargeId)) continue;
    const distance = Math.abs(candidate.day - day);
    if (distance > window) continue;
    if (best.length === 0 || distance < best[0]!.distance) best = [{ charge: candidate.charge, distance }];
    else if (distance === best[0]!.distance) best.push({ charge: candidate.charge, distance });
  }
  if (best.length === 0) return { reason: 'no-charge-in-window' };
  if (best.length > 1) return { reason: 'ambiguous', candidates: best.map((b) => b.charge.chargeId) };
  return { charge: best[0]!.charge, method: 'amount-and-date' };
}
