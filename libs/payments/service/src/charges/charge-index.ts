import type { SqlDriver, StoreTransaction } from '@collections/shared-event-store';
import type { ChargeEvent, ChargeStatus, IssuedChargeState } from '@collections/payments-domain';

/** A charge as the lookups need it (txid, nosso número, agreement), kept with its events. */
export interface IndexedCharge {
  readonly chargeId: string;
  readonly debtorId: string;
  readonly txid: string;
  readonly bankCode: string | null;
  readonly nossoNumero: string | null;
  readonly agreementId: string | null;
  readonly installment: number | null;
  readonly amount: number;
  readonly currency: string;
  readonly dueDate: string;
  readonly status: ChargeStatus;
}

/** Keeps the charge's row up to date with what was just appended, in the same transaction. */
export async function indexCharge(tx: StoreTransaction, tenantId: string, state: IssuedChargeState, appended: readonly ChargeEvent[]): Promise<void> {
  if (appended.length === 0) return;
  const t = state.terms;
  await tx.query(
    `INSERT INTO payments_charges (tenant_id, charge_id, debtor_id, txid, bank_code, nosso_numero, agreement_id, installment, amount, currency, due_date, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (tenant_id, charge_id) DO UPDATE SET status = EXCLUDED.status`,
    [tenantId, t.chargeId, t.debtorId, t.txid, t.boleto?.bankCode ?? null, t.boleto?.nossoNumero ?? null, t.agreementId, t.installment, t.amount.amount, t.amount.currency, t.dueDate, state.status],
  );
}

interface Row {
  charge_id: string;
  debtor_id: string;
  txid: string;
  bank_code: string | null;
  nosso_numero: string | null;
  agreement_id: string | null;
  installment: number | null;
  amount: string;
  currency: string;
  due_date: string;
  status: ChargeStatus;
}

const COLUMNS = "charge_id, debtor_id, txid, bank_code, nosso_numero, agreement_id, installment, amount, currency, to_char(due_date, 'YYYY-MM-DD') AS due_date, status";
const fromRow = (r: Row): IndexedCharge => ({
  chargeId: r.charge_id,
  debtorId: r.debtor_id,
  txid: r.txid,
  bankCode: r.bank_code,
  nossoNumero: r.nosso_numero,
  agreementId: r.agreement_id,
  installment: r.installment,
  amount: Number(r.amount),
  currency: r.currency,
  dueDate: r.due_date,
  status: r.status,
});

type Db = Pick<SqlDriver, 'query'> | StoreTransaction;

export async function chargeByTxid(db: Db, tenantId: string, txid: string): Promise<IndexedCharge | undefined> {
  const [row] = await db.query<Row>(`SELECT ${COLUMNS} FROM payments_charges WHERE tenant_id = $1 AND txid = $2`, [tenantId, txid]);
  return row && fromRow(row);
}

/** The tenant's charges a return file or statement may pay: those it names by nosso número, and every open one (a TED names none). */
export async function chargesForReconciliation(db: Db, tenantId: string, nossoNumeros: readonly string[]): Promise<IndexedCharge[]> {
  const rows = await db.query<Row>(`SELECT ${COLUMNS} FROM payments_charges WHERE tenant_id = $1 AND (status = 'open' OR nosso_numero = ANY($2::text[]))`, [tenantId, nossoNumeros]);
  return rows.map(fromRow);
}

export async function openChargesOfAgreement(db: Db, tenantId: string, agreementId: string): Promise<IndexedCharge[]> {
  const rows = await db.query<Row>(`SELECT ${COLUMNS} FROM payments_charges WHERE tenant_id = $1 AND agreement_id = $2 AND status = 'open' ORDER BY installment`, [tenantId, agreementId]);
  return rows.map(fromRow);
}
