import { z } from 'zod';
import type { IsoDate, Money } from '@collections/shared-kernel';
import { callForProtocol, type BureauAnswer, type HttpBureauOptions } from './bureaus';

/** What the notary needs to take a title in for protest: read from the debtors API at the call, never stored in the log. */
export interface ProtestOrder {
  readonly tenantId: string;
  readonly debtId: string;
  readonly protestId: string;
  readonly taxId: string;
  readonly name: string;
  readonly amount: Money;
  readonly dueDate: IsoDate;
}

/** The port to the notaries (cartórios de protesto), through CENPROT's central. */
export interface NotaryGateway {
  file(order: ProtestOrder): Promise<BureauAnswer>;
  cancel(order: { readonly tenantId: string; readonly debtId: string; readonly protocol: string }): Promise<BureauAnswer>;
}

const protocolText = z.string().min(1).max(100).regex(/^[A-Za-z0-9._-]+$/);

/**
 * CENPROT over HTTP (our shape, documented in docs/legal.md): `POST /cenprot/v1/protestos`
 * answers `{protocolo, situacao: "APONTADO"}`; `DELETE /cenprot/v1/protestos/{protocolo}`
 * answers `{protocolo, situacao: "CANCELADO"}`. The same retries and garbage rule as the bureaus.
 */
export class HttpNotaryGateway implements NotaryGateway {
  constructor(private readonly options: HttpBureauOptions) {}

  file(order: ProtestOrder): Promise<BureauAnswer> {
    return callForProtocol(
      'cenprot',
      this.options,
      {
        method: 'POST',
        path: '/cenprot/v1/protestos',
        body: { devedor: { documento: order.taxId, nome: order.name }, valorCentavos: order.amount.amount, vencimento: order.dueDate, titulo: order.debtId, pedido: order.protestId, apresentante: order.tenantId },
      },
      z.object({ protocolo: protocolText, situacao: z.literal('APONTADO') }).transform((b) => b.protocolo),
    );
  }

  cancel(order: { readonly tenantId: string; readonly debtId: string; readonly protocol: string }): Promise<BureauAnswer> {
    return callForProtocol(
      'cenprot',
      this.options,
      { method: 'DELETE', path: `/cenprot/v1/protestos/${encodeURIComponent(order.protocol)}` },
      z.object({ protocolo: protocolText, situacao: z.literal('CANCELADO') }).transform((b) => b.protocolo),
    );
  }
}
