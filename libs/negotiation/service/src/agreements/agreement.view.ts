import { loadAggregate, type SqlDriver } from '@collections/shared-event-store';
import type { EventStore } from '@collections/shared-event-store';
import { Money } from '@collections/shared-kernel';
import { remainingOf, type AgreementEvent, type AgreementState, type EarlySettlementQuoted } from '@collections/negotiation-domain';
import { agreementAggregate } from '../shared/negotiation-writer';
import { agreementStream } from '../shared/ids';

/** The charge payments issued for an installment (ChargeIssued v1): what the debtor pays with. */
export interface InstallmentChargeView {
  readonly chargeId: string;
  readonly txid: string;
  /** The PIX copia-e-cola (BR Code). */
  readonly pixCopyPaste: string;
  /** The boleto's 47-digit linha digitável, when the tenant has a boleto agreement. */
  readonly boletoLine: string | null;
  readonly amount: Money;
  readonly dueDate: string;
  readonly issuedAt: string;
}

export interface AgreementInstallmentView {
  readonly number: number;
  readonly dueDate: string;
  readonly amount: Money;
  readonly paid: Money;
  readonly waived: Money;
  readonly remaining: Money;
  readonly overdue: boolean;
  readonly charge: InstallmentChargeView | null;
}

export interface AgreementView {
  readonly agreementId: string;
  readonly offerId: string;
  readonly status: 'active' | 'broken' | 'fulfilled' | 'cancelled';
  readonly debtorId: string;
  readonly debtIds: readonly string[];
  readonly total: Money;
  readonly paid: Money;
  /** Money received beyond what the agreement asked: kept for a refund, never lost. */
  readonly surplus: Money;
  readonly toleranceDays: number;
  readonly monthlyInterestRate: string;
  /** 0 for a first agreement; n for the n-th renegotiation of these debts after broken agreements. */
  readonly renegotiationCount: number;
  /** The broken agreement this one replaces. */
  readonly renegotiates: string | null;
  readonly installments: readonly AgreementInstallmentView[];
  /** The last early-settlement quote, while no payment replaced it. */
  readonly earlySettlementQuote: EarlySettlementQuoted['data'] | null;
  readonly version: number;
}

interface ChargeRow {
  readonly installment: number;
  readonly charge_id: string;
  readonly txid: string;
  readonly pix_copy_paste: string;
  readonly boleto_line: string | null;
  readonly amount: string;
  readonly due_date: string;
  readonly issued_at: Date | string;
}

export function agreementViewOf(state: AgreementState, events: readonly AgreementEvent[], charges: readonly ChargeRow[], version: number): AgreementView | undefined {
  if (state.status === 'none') return undefined;
  const entered = events.find((e) => e.type === 'AgreementEntered');
  const currency = state.currency;
  const m = (amount: number): Money => Money.of(amount, currency);
  const byInstallment = new Map(charges.map((c) => [Number(c.installment), c]));
  return {
    agreementId: state.agreementId,
    offerId: entered?.type === 'AgreementEntered' ? entered.data.offerId : '',
    status: state.status,
    debtorId: state.debtorId,
    debtIds: state.debtIds,
    total: m(state.installments.reduce((sum, i) => sum + i.amount, 0)),
    paid: m(state.installments.reduce((sum, i) => sum + i.paid, 0)),
    surplus: m(state.surplus),
    toleranceDays: state.toleranceDays,
    monthlyInterestRate: state.monthlyInterestRate,
    renegotiationCount: state.renegotiationCount,
    renegotiates: entered?.type === 'AgreementEntered' ? entered.data.renegotiates : null,
    installments: state.installments.map((i) => {
      const charge = byInstallment.get(i.number);
      return {
        number: i.number,
        dueDate: i.dueDate,
        amount: m(i.amount),
        paid: m(i.paid),
        waived: m(i.waived),
        remaining: m(remainingOf(i)),
        overdue: i.overdue,
        charge: charge
          ? {
              chargeId: charge.charge_id,
              txid: charge.txid,
              pixCopyPaste: charge.pix_copy_paste,
              boletoLine: charge.boleto_line,
              amount: Money.of(Number(charge.amount), 'BRL'),
              dueDate: typeof charge.due_date === 'string' ? charge.due_date.slice(0, 10) : new Date(charge.due_date).toISOString().slice(0, 10),
              issuedAt: new Date(charge.issued_at).toISOString(),
            }
          : null,
      };
    }),
    earlySettlementQuote: state.quote,
    version,
  };
}

/** The agreement folded from its stream, with the charges payments issued for its installments. */
export async function readAgreement(store: EventStore, driver: SqlDriver, tenantId: string, agreementId: string): Promise<AgreementView | undefined> {
  const { state, version, events } = await loadAggregate(store, agreementAggregate.decider, agreementAggregate.codec, agreementStream(agreementId), { tenantId });
  if (state.status === 'none') return undefined;
  const decoded = await Promise.all(events.map((e) => agreementAggregate.codec.decode(e)));
  const charges = await driver.query<ChargeRow>(
    "SELECT installment, charge_id, txid, pix_copy_paste, boleto_line, amount::text AS amount, to_char(due_date, 'YYYY-MM-DD') AS due_date, issued_at FROM negotiation_installment_charges WHERE tenant_id = $1 AND agreement_id = $2",
    [tenantId, agreementId],
  );
  return agreementViewOf(state, decoded, charges, version);
}
