import { isUuid, type Money } from '@collections/shared-kernel';
import { RuleViolationProblem } from '@collections/shared-nest';
import type { RequestContext } from '@collections/shared-service-kit';
import type { DebtorsDeps } from '../../shared/debtors-deps';
import type { ListDebtsQuery } from './list-debts.query';

export interface DebtListItem {
  readonly debtId: string;
  readonly debtorId: string;
  readonly contractReference: string;
  readonly originalAmount: Money;
  readonly dueDate: string;
  readonly status: string;
  readonly agingBucket: string;
  readonly daysPastDue: number;
  readonly version: number;
}

export interface DebtPage {
  readonly items: readonly DebtListItem[];
  readonly nextPageToken: string | null;
}

interface DebtRow {
  debt_id: string;
  debtor_id: string;
  contract_reference: string;
  original_amount: string;
  currency: Money['currency'];
  due_date: string;
  status: string;
  aging_bucket: string;
  days_past_due: number;
  registered_at: string | Date;
  version: string;
}

/**
 * Reads debt_view, the read model the debtors-read-model projection keeps (next to this
 * file): listings are as fresh as the projection (see collections_log_reader_lag_events).
 */
export class ListDebtsHandler {
  constructor(private readonly deps: Pick<DebtorsDeps, 'driver'>) {}

  async execute(ctx: Pick<RequestContext, 'principal'>, q: ListDebtsQuery): Promise<DebtPage> {
    const params: unknown[] = [ctx.principal.tenantId];
    const where = ['tenant_id = $1'];
    if (q.status) where.push(`status = $${params.push(q.status)}`);
    if (q.agingBucket) where.push(`aging_bucket = $${params.push(q.agingBucket)}`);
    if (q.debtorId) where.push(`debtor_id = $${params.push(q.debtorId)}`);
    if (q.pageToken) {
      const after = decodePageToken(q.pageToken);
      where.push(`(registered_at, debt_id) > ($${params.push(after.registeredAt)}::timestamptz, $${params.push(after.debtId)}::uuid)`);
    }
    const rows = await this.deps.driver.query<DebtRow>(
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
