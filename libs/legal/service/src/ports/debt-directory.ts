import { z } from 'zod';
import { Money } from '@collections/shared-kernel';
import type { DebtSnapshot } from '@collections/legal-domain';

/**
 * What the legal context asks of the debtors context, synchronously, through its public
 * REST API: the debt's debtor and balance today (the notice's amount, the listing's), the
 * debtor's name and tax id at the moment a bureau needs them (never kept in legal events:
 * personal data lives in the debtors service, encrypted and erasable), and the debt's
 * audit history and hash-chain verification for the lawsuit dossier.
 */
export interface DebtDirectory {
  /** undefined: no such debt for this tenant. Throws DirectoryUnavailableError when the directory cannot answer. */
  debt(tenantId: string, debtId: string): Promise<DebtSnapshot | undefined>;
  /** undefined: no such debtor (or erased). */
  debtor(tenantId: string, debtorId: string): Promise<{ readonly name: string; readonly taxId: string } | undefined>;
  /** The debt's history (`GET /audit/debts/{id}/history`) and chain verification (`.../verification`), as the debtors API answers them. */
  audit(tenantId: string, debtId: string): Promise<{ readonly history: unknown; readonly verification: unknown } | undefined>;
}

export class DirectoryUnavailableError extends Error {
  override readonly name = 'DirectoryUnavailableError';
}

const debtAnswer = z.object({ debtorId: z.string().min(1), balance: z.object({ totalDue: z.object({ amount: z.number().int().nonnegative(), currency: z.enum(['BRL', 'USD']) }) }) });
const debtorAnswer = z.object({ name: z.string(), taxId: z.string(), erased: z.boolean() });

export interface HttpDebtDirectoryOptions {
  /** The debtors service, e.g. http://127.0.0.1:3000. */
  readonly baseUrl: string;
  /** A bearer token for the tenant (the service's own identity, minted for that tenant) with the role asked: `auditor` for the audit routes. */
  readonly token: (tenantId: string, role: 'integrator' | 'auditor') => Promise<string>;
  readonly timeoutMs?: number;
}

/** The debtors service's public REST API as the legal context's directory. */
export class HttpDebtDirectory implements DebtDirectory {
  constructor(private readonly options: HttpDebtDirectoryOptions) {}

  async debt(tenantId: string, debtId: string): Promise<DebtSnapshot | undefined> {
    const body = await this.get(tenantId, `/debts/${encodeURIComponent(debtId)}`);
    if (body === undefined) return undefined;
    const parsed = debtAnswer.safeParse(body);
    if (!parsed.success) throw new DirectoryUnavailableError('debtors directory answered a debt without its debtor or balance');
    return { debtorId: parsed.data.debtorId, balance: Money.of(parsed.data.balance.totalDue.amount, parsed.data.balance.totalDue.currency) };
  }

  async debtor(tenantId: string, debtorId: string): Promise<{ readonly name: string; readonly taxId: string } | undefined> {
    const body = await this.get(tenantId, `/debtors/${encodeURIComponent(debtorId)}`);
    if (body === undefined) return undefined;
    const parsed = debtorAnswer.safeParse(body);
    if (!parsed.success) throw new DirectoryUnavailableError('debtors directory answered a debtor without name or tax id');
    return parsed.data.erased ? undefined : { name: parsed.data.name, taxId: parsed.data.taxId };
  }

  async audit(tenantId: string, debtId: string): Promise<{ readonly history: unknown; readonly verification: unknown } | undefined> {
    const history = await this.get(tenantId, `/audit/debts/${encodeURIComponent(debtId)}/history`, 'auditor');
    if (history === undefined) return undefined;
    const verification = await this.get(tenantId, `/audit/debts/${encodeURIComponent(debtId)}/verification`, 'auditor');
    return { history, verification: verification ?? null };
  }

  private async get(tenantId: string, path: string, role: 'integrator' | 'auditor' = 'integrator'): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.options.baseUrl.replace(/\/$/, '')}${path}`, {
        headers: { authorization: `Bearer ${await this.options.token(tenantId, role)}`, accept: 'application/json' },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
      });
    } catch (error) {
      throw new DirectoryUnavailableError(`debtors directory unreachable: ${(error as Error).message}`);
    }
    if (response.status === 404) return undefined;
    if (!response.ok) throw new DirectoryUnavailableError(`debtors directory answered ${response.status}`);
    try {
      return await response.json();
    } catch {
      throw new DirectoryUnavailableError('debtors directory answered something that is not JSON');
    }
  }
}
