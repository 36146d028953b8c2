import { ServiceUnavailableException } from '@nestjs/common';
import { z } from 'zod';

/**
 * A debt as the debtors context computes it from its events, with its balance as of a
 * date: what an offer is computed from. Never a copy kept here: a payment or a charge
 * recorded there since is in the next offer (CDC art. 42: no demand above what is owed).
 */
export interface DebtAsOf {
  readonly debtId: string;
  readonly debtorId: string;
  /** open | overdue | in_agreement | disputed | settled | written_off */
  readonly status: string;
  /** The creditor's segment the debt was registered under (`default` when none). */
  readonly segment: string;
  readonly balance: {
    readonly asOf: string;
    readonly principal: { readonly amount: number; readonly currency: 'BRL' | 'USD' };
    readonly interest: { readonly amount: number; readonly currency: 'BRL' | 'USD' };
    readonly lateFee: { readonly amount: number; readonly currency: 'BRL' | 'USD' };
    readonly totalDue: { readonly amount: number; readonly currency: 'BRL' | 'USD' };
    readonly daysPastDue: number;
  };
}

/** What the debtors context knows of a debtor that an offer needs. */
export interface DebtorFacts {
  /** The monthly income the debtor declared (the affordability share is of it); null when none. */
  readonly declaredMonthlyIncome: { readonly amount: number; readonly currency: 'BRL' | 'USD' } | null;
}

export interface DebtBalances {
  /** undefined: no such debt for this tenant. Throws DebtsUnavailableError when the debtors service cannot answer. */
  debtAsOf(tenantId: string, debtId: string, asOf: string): Promise<DebtAsOf | undefined>;
  /** undefined: no such debtor for this tenant (or erased). Throws DebtsUnavailableError when the debtors service cannot answer. */
  debtor(tenantId: string, debtorId: string): Promise<DebtorFacts | undefined>;
  /**
   * Ids of the debtor's debts open to a negotiation (open or overdue: not settled, written
   * off, disputed or in agreement), oldest first: what an over-indebtedness plan covers when
   * the caller names none. Throws DebtsUnavailableError.
   */
  negotiableDebtIds(tenantId: string, debtorId: string): Promise<string[]>;
}

/** The debtors service did not answer: a 503 problem (gRPC UNAVAILABLE), nothing written. */
export class DebtsUnavailableError extends ServiceUnavailableException {
  constructor(detail: string) {
    super(`the debtors service cannot tell the debt's balance now (${detail}); retry later`);
  }
}

const money = z.object({ amount: z.number().int().min(0), currency: z.enum(['BRL', 'USD']) });
const debtView = z.object({
  debtId: z.string(),
  debtorId: z.string(),
  status: z.string(),
  segment: z.string().default('default'),
  balance: z.object({ asOf: z.string(), principal: money, interest: money, lateFee: money, totalDue: money, daysPastDue: z.number().int() }),
});

const debtorView = z.object({ declaredMonthlyIncome: money.nullable().default(null), erased: z.boolean().default(false) });
const debtPage = z.object({ items: z.array(z.object({ debtId: z.string(), status: z.string() })), nextPageToken: z.string().nullable().optional() });

export interface HttpDebtBalancesOptions {
  /** The debtors service, e.g. http://127.0.0.1:3000. */
  readonly baseUrl: string;
  /** A bearer token for the tenant (the service's own identity, minted for that tenant). */
  readonly token: (tenantId: string) => Promise<string>;
  readonly timeoutMs?: number;
}

/** The debtors service's public REST API: `GET /debts/{id}?asOf=YYYY-MM-DD` computes the balance from the debt's events. */
export class HttpDebtBalances implements DebtBalances {
  constructor(private readonly options: HttpDebtBalancesOptions) {}

  async debtAsOf(tenantId: string, debtId: string, asOf: string): Promise<DebtAsOf | undefined> {
    const response = await this.get(tenantId, `/debts/${encodeURIComponent(debtId)}?asOf=${encodeURIComponent(asOf)}`);
    if (response.status === 404) return undefined;
    return this.parse(response, debtView);
  }

  async debtor(tenantId: string, debtorId: string): Promise<DebtorFacts | undefined> {
    const response = await this.get(tenantId, `/debtors/${encodeURIComponent(debtorId)}`);
    if (response.status === 404) return undefined;
    const debtor = await this.parse(response, debtorView);
    return debtor.erased ? undefined : { declaredMonthlyIncome: debtor.declaredMonthlyIncome };
  }

  async negotiableDebtIds(tenantId: string, debtorId: string): Promise<string[]> {
    const ids: string[] = [];
    let pageToken: string | null | undefined;
    // a debtor's debts, a page of 500 at a time (an over-indebtedness plan takes at most 200)
    do {
      const query = `/debts?debtorId=${encodeURIComponent(debtorId)}&pageSize=500${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ''}`;
      const page = await this.parse(await this.get(tenantId, query), debtPage);
      for (const item of page.items) if (item.status === 'open' || item.status === 'overdue') ids.push(item.debtId);
      pageToken = page.nextPageToken;
    } while (pageToken && ids.length <= 200);
    return ids;
  }

  private async get(tenantId: string, path: string): Promise<Response> {
    try {
      return await fetch(`${this.options.baseUrl.replace(/\/$/, '')}${path}`, {
        headers: { authorization: `Bearer ${await this.options.token(tenantId)}`, accept: 'application/json' },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
      });
    } catch (error) {
      throw new DebtsUnavailableError(`unreachable: ${(error as Error).message}`);
    }
  }

  private async parse<T extends z.ZodTypeAny>(response: Response, schema: T): Promise<z.output<T>> {
    if (!response.ok) throw new DebtsUnavailableError(`answered ${response.status}`);
    const parsed = schema.safeParse(await response.json());
    if (!parsed.success) throw new DebtsUnavailableError(`answered an unexpected shape: ${parsed.error.issues[0]?.message ?? ''}`);
    return parsed.data;
  }
}
