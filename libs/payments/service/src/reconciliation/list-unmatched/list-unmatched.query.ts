import type { SqlDriver } from '@collections/shared-event-store';
import type { Money } from '@collections/shared-kernel';

export interface UnmatchedPaymentView {
  readonly paymentId: string;
  readonly amount: Money;
  readonly paidOn: string;
  readonly method: string;
  readonly reference: string | null;
  readonly receivedAt: string;
}

/** The tenant's parked payments waiting for a clerk, oldest first. */
export async function listUnmatched(driver: Pick<SqlDriver, 'query'>, tenantId: string, limit = 500): Promise<UnmatchedPaymentView[]> {
  const rows = await driver.query<{ payment_id: string; amount: string; currency: string; paid_on: string; method: string; reference: string | null; received_at: Date }>(
    `SELECT payment_id, amount, currency, to_char(paid_on, 'YYYY-MM-DD') AS paid_on, method, reference, received_at
       FROM payments_unmatched WHERE tenant_id = $1 AND matched_at IS NULL ORDER BY received_at, payment_id LIMIT $2`,
    [tenantId, limit],
  );
  return rows.map((r) => ({ paymentId: r.payment_id, amount: { amount: Number(r.amount), currency: r.currency === 'USD' ? 'USD' : 'BRL' }, paidOn: r.paid_on, method: r.method, reference: r.reference, receivedAt: new Date(r.received_at).toISOString() }));
}
