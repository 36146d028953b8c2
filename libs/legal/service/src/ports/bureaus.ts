import { z } from 'zod';
import type { Bureau } from '@collections/legal-domain';
import type { IsoDate, Money } from '@collections/shared-kernel';

/** What a bureau needs to list a debt: read from the debtors API at the call, never stored in the log. */
export interface ListingOrder {
  readonly tenantId: string;
  readonly debtId: string;
  readonly taxId: string;
  readonly name: string;
  readonly amount: Money;
  readonly dueDate: IsoDate;
}

export type BureauAnswer =
  | { readonly kind: 'done'; readonly protocol: string; readonly attempts: number }
  /** garbage: the bureau answered success in a shape that carries no protocol (nothing is recorded as listed). */
  | { readonly kind: 'failed'; readonly reason: string; readonly attempts: number; readonly garbage: boolean };

/** The port: one per bureau. `remove` takes the protocol the listing answered. */
export interface BureauGateway {
  readonly bureau: Bureau;
  list(order: ListingOrder): Promise<BureauAnswer>;
  remove(order: { readonly tenantId: string; readonly debtId: string; readonly protocol: string }): Promise<BureauAnswer>;
}

export interface HttpBureauOptions {
  readonly baseUrl: string;
  /** Attempts on a 5xx, a timeout or a refused connection before giving up (default 3). */
  readonly maxAttempts?: number;
  readonly timeoutMs?: number;
  readonly backoffMs?: number;
}

export interface HttpCall {
  readonly method: 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly body?: unknown;
}

/** Each bureau's HTTP shape: how an order becomes a request and where the protocol is in the answer. */
interface BureauShape {
  listCall(order: ListingOrder): HttpCall;
  listProtocol: z.ZodType<string>;
  removeCall(order: { debtId: string; protocol: string }): HttpCall;
  removeProtocol: z.ZodType<string>;
}

const reais = (amount: Money): string => `${Math.trunc(amount.amount / 100)}.${String(amount.amount % 100).padStart(2, '0')}`;
const protocolText = z.string().min(1).max(100).regex(/^[A-Za-z0-9._-]+$/);

/**
 * The three shapes (documented in docs/legal.md). Serasa: REST with Portuguese fields and
 * centavos; SPC: an inclusion/exclusion pair with reais as a decimal string and a status
 * field that must say what happened; Boa Vista: a record PUT/DELETE keyed by the debt id.
 */
export const BUREAU_SHAPES: Readonly<Record<Bureau, BureauShape>> = {
  serasa: {
    listCall: (o) => ({ method: 'POST', path: '/v1/negativacoes', body: { documento: o.taxId, nome: o.name, valorCentavos: o.amount.amount, vencimento: o.dueDate, contrato: o.debtId, credor: o.tenantId } }),
    listProtocol: z.object({ protocolo: protocolText }).transform((b) => b.protocolo),
    removeCall: (o) => ({ method: 'DELETE', path: `/v1/negativacoes/${encodeURIComponent(o.protocol)}` }),
    removeProtocol: z.object({ protocoloBaixa: protocolText }).transform((b) => b.protocoloBaixa),
  },
  spc: {
    listCall: (o) => ({ method: 'POST', path: '/spc/inclusao', body: { cpfCnpj: o.taxId, nomeDevedor: o.name, valor: reais(o.amount), dataVencimento: o.dueDate, numeroContrato: o.debtId } }),
    listProtocol: z.object({ status: z.literal('INCLUIDO'), codigoInclusao: protocolText }).transform((b) => b.codigoInclusao),
    removeCall: (o) => ({ method: 'POST', path: '/spc/exclusao', body: { codigoInclusao: o.protocol } }),
    removeProtocol: z.object({ status: z.literal('EXCLUIDO'), codigoExclusao: protocolText }).transform((b) => b.codigoExclusao),
  },
  boavista: {
    listCall: (o) => ({ method: 'PUT', path: `/scpc/registros/${o.debtId}`, body: { document: o.taxId, name: o.name, amount: { cents: o.amount.amount }, dueDate: o.dueDate } }),
    listProtocol: z.object({ registro: z.object({ id: protocolText }) }).transform((b) => b.registro.id),
    removeCall: (o) => ({ method: 'DELETE', path: `/scpc/registros/${o.debtId}` }),
    removeProtocol: z.object({ baixa: z.object({ id: protocolText }) }).transform((b) => b.baixa.id),
  },
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A bureau over HTTP: bounded retries on what may pass (5xx, timeout, connection refused),
 * none on a 4xx (the bureau refused the order) or on a 2xx whose body has no protocol
 * (garbage: refused with the rule, nothing listed). The debt id travels as the bureau's
 * contract number, so a retried inclusion the bureau had already made is the same record.
 */
export class HttpBureauGateway implements BureauGateway {
  constructor(
    readonly bureau: Bureau,
    private readonly options: HttpBureauOptions,
  ) {}

  list(order: ListingOrder): Promise<BureauAnswer> {
    const shape = BUREAU_SHAPES[this.bureau];
    return this.call(shape.listCall(order), shape.listProtocol);
  }

  remove(order: { readonly tenantId: string; readonly debtId: string; readonly protocol: string }): Promise<BureauAnswer> {
    const shape = BUREAU_SHAPES[this.bureau];
    return this.call(shape.removeCall(order), shape.removeProtocol);
  }

  private call(call: HttpCall, protocol: z.ZodType<string>): Promise<BureauAnswer> {
    return callForProtocol(this.bureau, this.options, call, protocol);
  }
}

/**
 * One call that must answer a protocol: bounded retries on a 5xx, a timeout or a refused
 * connection; a 4xx is the other side's refusal; a 2xx without a valid protocol is garbage.
 */
export async function callForProtocol(label: string, options: HttpBureauOptions, call: HttpCall, protocol: z.ZodType<string>): Promise<BureauAnswer> {
    const maxAttempts = options.maxAttempts ?? 3;
    let reason = '';
    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      if (attempt > 1) await sleep((options.backoffMs ?? 200) * 2 ** (attempt - 2));
      let response: Response;
      try {
        response = await fetch(`${options.baseUrl.replace(/\/$/, '')}${call.path}`, {
          method: call.method,
          headers: { accept: 'application/json', ...(call.body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
        });
      } catch (error) {
        reason = `${label} unreachable or timed out: ${(error as Error).message}`;
        continue;
      }
      const text = await response.text().catch(() => '');
      if (response.status >= 500) {
        reason = `${label} answered ${response.status}`;
        continue;
      }
      if (!response.ok) return { kind: 'failed', reason: `${label} refused the order: ${response.status} ${text.slice(0, 200)}`, attempts: attempt, garbage: false };
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return { kind: 'failed', reason: `${label} answered ${response.status} with a body that is not JSON`, attempts: attempt, garbage: true };
      }
      const parsed = protocol.safeParse(body);
      if (!parsed.success) return { kind: 'failed', reason: `${label} answered ${response.status} without a valid protocol`, attempts: attempt, garbage: true };
      return { kind: 'done', protocol: parsed.data, attempts: attempt };
    }
    return { kind: 'failed', reason: `${reason} (after ${maxAttempts} attempts)`, attempts: maxAttempts, garbage: false };
}
