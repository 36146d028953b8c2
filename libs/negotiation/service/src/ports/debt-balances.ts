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
  readonly balance: {
    readonly asOf: string;
    readonly principal: { readonly amount: number; readonly currency: 'BRL' | 'USD' };
    readonly interest: { readonly amount: number; readonly currency: 'BRL' | 'USD' };
    readonly lateFee: { readonly amount: number; readonly currency: 'BRL' | 'USD' };
    readonly totalDue: { readonly amount: number; readonly currency: 'BRL' | 'USD' };
    readonly daysPastDue: number;
  };
}

export interface DebtBalances {
  /** undefined: no such debt for this tenant. Throws DebtsUnavailableError when the debtors service cannot answer. */
  debtAsOf(tenantId: string, debtId: string, asOf: string): Promise<DebtAsOf | undefined>;
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
  balance: z.object({ asOf: z.string(), principal: money, interest: money, lateFee: money, totalDue: money, daysPastDue: z.number().int() }),
});

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
    let response: Response;
    try {
      response = await fetch(`${this.options.baseUrl.replace(/\/$/, '')}/debts/${encodeURIComponent(debtId)}?asOf=${encodeURIComponent(asOf)}`, {
        headers: { authorization: `Bearer ${await this.options.token(tenantId)}`, accept: 'application/json' },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
      });
    } catch (error) {
      throw new DebtsUnavailableError(`unreachable: ${(error as Error).message}`);
    }
    if (response.status === 404) return undefined;
    if (!response.ok) throw new DebtsUnavailableError(`answered ${response.status}`);
    const parsed = debtView.safeParse(await response.json());
    if (!parsed.success) throw new DebtsUnavailableError(`answered an unexpected shape: ${parsed.error.issues[0]?.message ?? ''}`);
    return parsed.data;
  }
}
