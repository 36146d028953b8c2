import { z } from 'zod';
import { Money } from '@collections/shared-kernel';

/**
 * Who the debtor is and how to reach them, asked of the debtors context when a step is
 * due. Personal data lives there only (encrypted, erasable): the contacts context keeps
 * contact point ids in its events and asks again at each contact, so an opt-out or an
 * erasure recorded there is seen by the next step.
 */
export interface DebtorDirectory {
  /** undefined: no such debtor for this tenant. Throws when the directory cannot answer. */
  lookup(tenantId: string, debtorId: string): Promise<DirectoryDebtor | undefined>;
  /**
   * The debt's status as the debtors context knows it now, asked right before a message:
   * a settlement whose event has not reached this service yet still stops the message.
   * undefined: no such debt for this tenant.
   */
  debtStatus(tenantId: string, debtId: string): Promise<string | undefined>;
  /**
   * `lookup` and `debtStatus` for many ids at once (a scheduler's batch), in as few calls
   * as the directory allows. Every id asked for is in the answer; undefined where the
   * single call answers undefined. Throws when the directory cannot answer.
   */
  lookupMany(tenantId: string, ids: { readonly debtorIds: readonly string[]; readonly debtIds: readonly string[] }): Promise<DirectoryBatch>;
  /**
   * What the debt owes today (interest and fees included) as the debtors context computes
   * it from its events, e.g. the most a promise to pay may be for. undefined: no such debt.
   */
  debtBalance(tenantId: string, debtId: string): Promise<Money | undefined>;
  /** Records the debtor's opt-out of a contact point where contact points live, in their words. */
  optOut(tenantId: string, debtorId: string, contactPointId: string, words: string): Promise<void>;
}

const postalAddress = z.object({
  street: z.string(),
  number: z.string(),
  complement: z.string().nullable().optional(),
  district: z.string(),
  city: z.string(),
  state: z.string(),
  postalCode: z.string(),
});
const contactPoint = z.discriminatedUnion('kind', [
  z.object({ id: z.string(), kind: z.enum(['phone', 'email', 'whatsapp']), value: z.string(), consent: z.enum(['granted', 'not_granted']), optedOut: z.boolean() }),
  z.object({ id: z.string(), kind: z.literal('postal_address'), value: postalAddress, consent: z.enum(['granted', 'not_granted']), optedOut: z.boolean() }),
]);
const directoryDebtor = z.object({
  debtorId: z.string(),
  kind: z.enum(['person', 'company', 'unknown']),
  name: z.string(),
  state: z.string(),
  timeZone: z.string(),
  contactPoints: z.array(contactPoint),
  erased: z.boolean(),
});

export type DirectoryDebtor = z.output<typeof directoryDebtor>;

export interface DirectoryBatch {
  readonly debtors: ReadonlyMap<string, DirectoryDebtor | undefined>;
  readonly debtStatuses: ReadonlyMap<string, string | undefined>;
}

/** The most ids of each kind the debtors service takes in one look-up (`POST /debtors/lookup`). */
export const DIRECTORY_BATCH_LIMIT = 500;
const batchAnswer = z.object({
  debtors: z.record(z.string(), directoryDebtor.nullable()),
  debts: z.record(z.string(), z.object({ status: z.string() }).nullable()),
});

const debtBalance = z.object({ balance: z.object({ totalDue: z.object({ amount: z.number().int().nonnegative(), currency: z.enum(['BRL', 'USD']) }) }) });
export type DirectoryContactPoint = z.output<typeof contactPoint>;

export class DirectoryUnavailableError extends Error {
  override readonly name = 'DirectoryUnavailableError';
}

export interface HttpDebtorDirectoryOptions {
  /** The debtors service, e.g. http://127.0.0.1:3000. */
  readonly baseUrl: string;
  /** A bearer token for the tenant (the service's own identity, minted for that tenant). */
  readonly token: (tenantId: string) => Promise<string>;
  readonly timeoutMs?: number;
}

/** The debtors service's public REST API (`GET /debtors/{id}`), as the directory. */
export class HttpDebtorDirectory implements DebtorDirectory {
  constructor(private readonly options: HttpDebtorDirectoryOptions) {}

  async lookup(tenantId: string, debtorId: string): Promise<DirectoryDebtor | undefined> {
    const response = await this.request(tenantId, 'GET', `/debtors/${encodeURIComponent(debtorId)}`);
    if (response.status === 404) return undefined;
    if (!response.ok) throw new DirectoryUnavailableError(`debtors directory answered ${response.status}`);
    const parsed = directoryDebtor.safeParse(await response.json());
    if (!parsed.success) throw new DirectoryUnavailableError(`debtors directory answered an unexpected shape: ${parsed.error.issues[0]?.message ?? ''}`);
    return parsed.data;
  }

  async debtStatus(tenantId: string, debtId: string): Promise<string | undefined> {
    const response = await this.request(tenantId, 'GET', `/debts/${encodeURIComponent(debtId)}`);
    if (response.status === 404) return undefined;
    if (!response.ok) throw new DirectoryUnavailableError(`debtors directory answered ${response.status}`);
    const body = (await response.json()) as { status?: unknown };
    if (typeof body.status !== 'string') throw new DirectoryUnavailableError('debtors directory answered a debt without a status');
    return body.status;
  }

  /** `POST /debtors/lookup`, up to DIRECTORY_BATCH_LIMIT ids of each kind a call. */
  async lookupMany(tenantId: string, ids: { readonly debtorIds: readonly string[]; readonly debtIds: readonly string[] }): Promise<DirectoryBatch> {
    const debtors = new Map<string, DirectoryDebtor | undefined>();
    const debtStatuses = new Map<string, string | undefined>();
    const debtorIds = [...new Set(ids.debtorIds)];
    const debtIds = [...new Set(ids.debtIds)];
    for (let at = 0; at < Math.max(debtorIds.length, debtIds.length); at += DIRECTORY_BATCH_LIMIT) {
      const body = { debtorIds: debtorIds.slice(at, at + DIRECTORY_BATCH_LIMIT), debtIds: debtIds.slice(at, at + DIRECTORY_BATCH_LIMIT) };
      const response = await this.request(tenantId, 'POST', '/debtors/lookup', body);
      if (!response.ok) throw new DirectoryUnavailableError(`debtors directory answered ${response.status} to a look-up`);
      const parsed = batchAnswer.safeParse(await response.json());
      if (!parsed.success) throw new DirectoryUnavailableError(`debtors directory answered an unexpected shape: ${parsed.error.issues[0]?.message ?? ''}`);
      // the service answers under its own (lower-case) spelling of each id
      const debtorOf = new Map(Object.entries(parsed.data.debtors).map(([id, debtor]) => [id.toLowerCase(), debtor]));
      const debtOf = new Map(Object.entries(parsed.data.debts).map(([id, debt]) => [id.toLowerCase(), debt]));
      for (const id of body.debtorIds) debtors.set(id, debtorOf.get(id.toLowerCase()) ?? undefined);
      for (const id of body.debtIds) debtStatuses.set(id, debtOf.get(id.toLowerCase())?.status);
    }
    return { debtors, debtStatuses };
  }

  async debtBalance(tenantId: string, debtId: string): Promise<Money | undefined> {
    const response = await this.request(tenantId, 'GET', `/debts/${encodeURIComponent(debtId)}`);
    if (response.status === 404) return undefined;
    if (!response.ok) throw new DirectoryUnavailableError(`debtors directory answered ${response.status}`);
    const parsed = debtBalance.safeParse(await response.json());
    if (!parsed.success) throw new DirectoryUnavailableError('debtors directory answered a debt without a balance');
    return Money.of(parsed.data.balance.totalDue.amount, parsed.data.balance.totalDue.currency);
  }

  async optOut(tenantId: string, debtorId: string, contactPointId: string, words: string): Promise<void> {
    const path = `/debtors/${encodeURIComponent(debtorId)}/contact-points/${encodeURIComponent(contactPointId)}/opt-out`;
    // the idempotency key is the opt-out itself: a repeat is the same request
    const response = await this.request(tenantId, 'POST', path, { reason: words.slice(0, 500) }, `contacts-opt-out-${debtorId}-${contactPointId}`);
    if (!response.ok && response.status !== 404 && response.status !== 422) throw new DirectoryUnavailableError(`debtors directory answered ${response.status} to the opt-out`);
  }

  private async request(tenantId: string, method: string, path: string, body?: unknown, idempotencyKey?: string): Promise<Response> {
    try {
      return await fetch(`${this.options.baseUrl.replace(/\/$/, '')}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${await this.options.token(tenantId)}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
      });
    } catch (error) {
      throw new DirectoryUnavailableError(`debtors directory unreachable: ${(error as Error).message}`);
    }
  }
}
