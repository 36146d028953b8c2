import { createHash } from 'node:crypto';
import { Money } from '@collections/shared-kernel';
import { done, type RequestContext } from '@collections/shared-service-kit';
import { PaymentsRuleViolation } from '@collections/payments-domain';
import { normaliseNossoNumero, parseOfxStatement, parseReturnFile, reconcile, type LineRejection, type ReconcilableEntry } from '@collections/payments-reconciliation';
import type { PaymentsDeps } from '../../shared/payments-deps';
import type { Outcome } from '../../shared/outcome';
import { DebtorsUnavailableError } from '../../ports/debtors-ledger';
import { DebtorsUnavailableProblem } from '../../shared/refusals';
import { chargesForReconciliation } from '../../charges/charge-index';
import { receivePayment, type IncomingPayment } from '../../payments/payment-intake';
import type { ImportFileRequest } from './import-file.request';

export type LineStatus = 'allocated' | 'parked' | 'repeated' | 'duplicate' | 'ignored' | 'rejected' | 'refused';

export interface LineReport {
  readonly line: number;
  readonly status: LineStatus;
  readonly paymentId?: string;
  readonly chargeId?: string;
  readonly reason?: string;
}

export interface ImportReport {
  readonly kind: 'cnab' | 'ofx';
  readonly counts: Readonly<Record<LineStatus, number>>;
  /** Charges paid more or less than they asked (an over-payment becomes credit; an under-payment leaves the debt owing). */
  readonly amountDifferences: readonly { readonly chargeId: string; readonly kind: 'under' | 'over'; readonly charged: Money; readonly paid: Money }[];
  readonly lines: readonly LineReport[];
}

/** A reference from a file as part of a payment id: kept when it is plain, else its digest (ids stay short and safe). */
function safe(value: string): string {
  return /^[A-Za-z0-9._:]{1,40}$/.test(value) ? value : createHash('sha256').update(value).digest('hex').slice(0, 24);
}

function incomingOf(entry: ReconcilableEntry, chargeId: string | null): IncomingPayment {
  if ('fitId' in entry) {
    return { paymentId: `ofx-${safe(entry.account.bankId)}.${safe(entry.account.accountId)}.${safe(entry.fitId)}`, amount: entry.amount, paidOn: entry.postedOn, method: 'ted', reference: entry.fitId.slice(0, 100), chargeId };
  }
  if ('endToEndId' in entry) return { paymentId: `pix-${entry.endToEndId}`, amount: entry.amount, paidOn: entry.paidOn, method: 'pix', reference: entry.txid ?? null, chargeId };
  const nossoNumero = normaliseNossoNumero(entry.nossoNumero);
  return { paymentId: `boleto-${entry.bank}.${safe(nossoNumero)}.${entry.paidOn}`, amount: entry.amountPaid, paidOn: entry.paidOn, method: 'boleto', reference: nossoNumero, chargeId };
}

const lineOf = (entry: ReconcilableEntry): number => ('line' in entry ? entry.line : 0);

/**
 * Imports a bank return file (CNAB 240/400) or statement (OFX): every line gets a status.
 * A settlement whose nosso número (or a credit whose amount and date) fits a charge pays it,
 * one that fits none is parked, a line that does not read is rejected with its field, and
 * the rest is imported. Payment ids come from the entries themselves, so the same file
 * again finds every payment already received: nothing changes.
 */
export class ImportFileHandler {
  constructor(private readonly deps: PaymentsDeps) {}

  async execute(ctx: RequestContext, request: ImportFileRequest): Promise<Outcome<ImportReport>> {
    const tenantId = ctx.principal.tenantId;
    let entries: ReconcilableEntry[];
    let rejections: LineRejection[];
    if (request.kind === 'ofx') ({ entries, rejections } = parseOfxStatement(request.content));
    else ({ entries, rejections } = parseReturnFile(request.content));
    const nossoNumeros = entries.flatMap((e) => ('nossoNumero' in e ? [normaliseNossoNumero(e.nossoNumero)] : []));
    const charges = await chargesForReconciliation(this.deps.store.driver, tenantId, nossoNumeros);
    const result = reconcile(
      entries,
      charges.map((c) => ({
        chargeId: c.chargeId,
        ...(c.nossoNumero ? { nossoNumero: c.nossoNumero } : {}),
        ...(c.bankCode ? { bank: c.bankCode } : {}),
        txid: c.txid,
        amount: Money.of(c.amount, c.currency === 'USD' ? 'USD' : 'BRL'),
        dueDate: c.dueDate,
      })),
    );
    const lines: LineReport[] = rejections.map((r) => ({ line: r.line, status: 'rejected', reason: `${r.field}: ${r.reason}` }));
    for (const d of result.duplicates) lines.push({ line: lineOf(d.entry), status: 'duplicate', reason: 'the same entry appears earlier in this file' });
    for (const i of result.ignored) lines.push({ line: lineOf(i.entry), status: 'ignored', reason: i.reason });
    const toReceive = [...result.matched.map((m) => ({ entry: m.entry, chargeId: m.chargeId as string | null })), ...result.unmatched.map((u) => ({ entry: u.entry, chargeId: null }))];
    const metadata = { actor: ctx.principal.subject, ...(ctx.correlationId ? { correlationId: ctx.correlationId } : {}) };
    for (const { entry, chargeId } of toReceive) {
      const incoming = incomingOf(entry, chargeId);
      try {
        const { state, repeated } = await receivePayment(this.deps, tenantId, incoming, ctx.principal.subject, metadata);
        lines.push({ line: lineOf(entry), status: repeated ? 'repeated' : state.status === 'parked' ? 'parked' : 'allocated', paymentId: incoming.paymentId, ...(chargeId ? { chargeId } : {}) });
      } catch (error) {
        if (error instanceof DebtorsUnavailableError) throw new DebtorsUnavailableProblem(error.message);
        if (!(error instanceof PaymentsRuleViolation)) throw error;
        lines.push({ line: lineOf(entry), status: 'refused', paymentId: incoming.paymentId, reason: error.message });
      }
    }
    lines.sort((a, b) => a.line - b.line);
    const counts = { allocated: 0, parked: 0, repeated: 0, duplicate: 0, ignored: 0, rejected: 0, refused: 0 };
    for (const l of lines) counts[l.status]++;
    const amountDifferences = result.amountDifferences.map((d) => ({ chargeId: d.chargeId, kind: d.kind, charged: d.charged, paid: d.paid }));
    return done({ kind: request.kind, counts, amountDifferences, lines });
  }
}
