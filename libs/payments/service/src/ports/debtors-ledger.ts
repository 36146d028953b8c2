import { z } from 'zod';
import { Money, type IsoDate } from '@collections/shared-kernel';

/** A debt as the payments context needs it: whose it is, and what it owes on a date. */
export interface DebtStanding {
  readonly debtId: string;
  readonly debtorId: string;
  /** The earliest unpaid due date (else the debt's due date): the oldest debt is paid first. */
  readonly dueDate: IsoDate;
  /** Late fee, interest and principal still owed as of the date asked. */
  readonly owed: Money;
  /** What the debtors context has recorded as paid on it as of that date (its overpayment included). */
  readonly recorded: Money;
}

/**
 * What is owed, asked of the debtors context (which owns the balance: its rule splits a
 * payment into late fee, interest and principal) at the moment a charge is issued or a
 * payment allocated: never a local copy that could be stale.
 */
export interface DebtorsLedger {
  /** undefined: no such debt for this tenant. Throws DebtorsUnavailableError when the debtors service cannot answer. */
  debt(tenantId: string, debtId: string, asOf: IsoDate): Promise<DebtStanding | undefined>;
  /** The debtor's name and CPF/CNPJ as printed on a boleto; undefined when unknown or erased. */
  payer(tenantId: string, debtorId: string): Promise<{ readonly name: string; readonly taxId: string } | undefined>;
}

export class DebtorsUnavailableError extends Error {
  override readonly name = 'DebtorsUnavailableError';
}

const moneyShape = z.object({ amount: z.number().int(), currency: z.enum(['BRL', 'USD']) });
const debtShape = z.object({
  debtId: z.string(),
  debtorId: z.string(),
  dueDate: z.string(),
  balance: z.object({ totalDue: moneyShape, paid: moneyShape, overpaid: moneyShape, earliestUnpaidDueDate: z.string().nullable() }),
});
const debtorShape = z.object({ name: z.string(), taxId: z.string(), erased: z.boolean() });

export interface HttpDebtorsLedgerOptions {
  /** The debtors service, e.g. http://127.0.0.1:3000. */
  readonly baseUrl: string;
  /** A bearer token for the tenant (the service's own identity, minted for that tenant). */
  readonly token: (tenantId: string) => Promise<string>;
  readonly timeoutMs?: number;
}

/** The debtors service's public REST API (`GET /debts/{id}?asOf=`, `GET /debtors/{id}`). */
export class HttpDebtorsLedger implements DebtorsLedger {
  constructor(private readonly options: HttpDebtorsLedgerOptions) {}

  async debt(tenantId: string, debtId: string, asOf: IsoDate): Promise<DebtStanding | undefined> {
    const body = await this.get(tenantId, `/debts/${encodeURIComponent(debtId)}?asOf=${encodeURIComponent(asOf)}`);
    if (body === undefined) return undefined;
    const parsed = debtShape.safeParse(body);
    if (!parsed.success) throw new DebtorsUnavailableError(`debtors answered an unexpected debt: ${parsed.error.issues[0]?.message ?? ''}`);
    const d = parsed.data;
    const currency = d.balance.totalDue.currency;
    return {
      debtId: d.debtId,
      debtorId: d.debtorId,
      dueDate: d.balance.earliestUnpaidDueDate ?? d.dueDate,
      owed: Money.of(d.balance.totalDue.amount, currency),
      recorded: Money.of(d.balance.paid.amount + d.balance.overpaid.amount, currency),
    };
  }

  async payer(tenantId: string, debtorId: string): Promise<{ name: string; taxId: string } | undefined> {
    const body = await this.get(tenantId, `/debtors/${encodeURIComponent(debtorId)}`);
    if (body === undefined) return undefined;
    const parsed = debtorShape.safeParse(body);
    if (!parsed.success) throw new DebtorsUnavailableError(`debtors answered an unexpected debtor: ${parsed.error.issues[0]?.message ?? ''}`);
    return parsed.data.erased ? undefined : { name: parsed.data.name, taxId: parsed.data.taxId };
  }

  private async get(tenantId: string, path: string): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.options.baseUrl.replace(/\/$/, '')}${path}`, {
        headers: { authorization: `Bearer ${await this.options.token(tenantId)}`, accept: 'application/json' },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
      });
    } catch (error) {
      throw new DebtorsUnavailableError(`debtors unreachable: ${(error as Error).message}`);
    }
    if (response.status === 404) return undefined;
    if (!response.ok) throw new DebtorsUnavailableError(`debtors answered ${response.status}`);
    return response.json();
  }
}
