import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { Roles } from '@collections/shared-auth';
import { grpcContext, GrpcProblemFilter, valueOrProblem } from '@collections/shared-service-kit';
import type { Money } from '@collections/shared-kernel';
import { grpcPrincipal, id, money, str, type GrpcMessage } from './shared/grpc-message';
import { knownId } from './shared/ids';
import { valueOrConflict } from './shared/conflicts';
import { parseOfferRequest } from './offers/offer-request';
import type { OfferView } from './offers/offer.view';
import { SimulateOfferHandler } from './offers/simulate-offer/simulate-offer.handler';
import { MakeOfferHandler } from './offers/make-offer/make-offer.handler';
import { AcceptOfferHandler } from './offers/accept-offer/accept-offer.handler';
import { GetAgreementHandler } from './agreements/get-agreement/get-agreement.handler';
import type { AgreementView } from './agreements/agreement.view';

/** The proto's OfferRequest as the REST body the same parser reads (proto3 "" and unset messages are absent). */
function offerBodyOf(message: GrpcMessage): Record<string, unknown> {
  const kind = message['kind'];
  const optional = (name: string, value: unknown) => (value === undefined ? {} : { [name]: value });
  const common = {
    ...optional('discount', money(message['discount'])),
    ...optional('declaredIncome', money(message['declaredIncome'])),
    ...(message['overIndebted'] === true ? { overIndebted: true } : {}),
    ...optional('segment', str(message['segment'])),
  };
  if (kind === 'installments') {
    return {
      kind,
      count: message['count'],
      ...optional('firstDueDate', str(message['firstDueDate'])),
      ...optional('downPayment', money(message['downPayment'])),
      ...optional('amortization', str(message['amortization'])),
      ...common,
    };
  }
  return { kind, ...optional('dueDate', str(message['dueDate'])), ...common };
}

function offerOut(view: OfferView) {
  return {
    offerId: view.offerId ?? '',
    status: view.status,
    debtId: view.debtIds[0] ?? '',
    policyVersion: view.terms.policyVersion,
    asOf: view.terms.asOf,
    expiresOn: view.terms.expiresOn,
    balance: view.terms.balance.total,
    discount: view.terms.discount.total,
    total: view.terms.total,
    schedule: view.terms.schedule.map((i) => ({ number: i.number, dueDate: i.dueDate, amount: i.amount, kind: i.kind })),
    agreementId: view.agreementId ?? '',
  };
}

function agreementOut(view: AgreementView) {
  const zero = (m: Money) => ({ amount: m.amount, currency: m.currency });
  return {
    agreementId: view.agreementId,
    offerId: view.offerId,
    status: view.status,
    debtorId: view.debtorId,
    debtIds: view.debtIds,
    total: view.total,
    paid: view.paid,
    installments: view.installments.map((i) => ({
      number: i.number,
      dueDate: i.dueDate,
      amount: i.amount,
      kind: 'installment',
      paid: zero(i.paid),
      waived: zero(i.waived),
      pixCopyPaste: i.charge?.pixCopyPaste ?? '',
      boletoLine: i.charge?.boletoLine ?? '',
    })),
  };
}

/** NegotiationService over gRPC: the REST use cases behind the same request parsers. */
@Controller()
@UseFilters(GrpcProblemFilter)
export class NegotiationGrpcController {
  constructor(
    @Inject(SimulateOfferHandler) private readonly simulateOffer: SimulateOfferHandler,
    @Inject(MakeOfferHandler) private readonly makeOffer: MakeOfferHandler,
    @Inject(AcceptOfferHandler) private readonly acceptOffer: AcceptOfferHandler,
    @Inject(GetAgreementHandler) private readonly getAgreement: GetAgreementHandler,
  ) {}

  @GrpcMethod('NegotiationService', 'Simulate')
  @Roles('integrator', 'agent', 'supervisor', 'admin')
  async simulate(message: GrpcMessage, metadata: Metadata) {
    const principal = grpcPrincipal(metadata);
    return offerOut(valueOrProblem(await this.simulateOffer.execute({ principal }, parseOfferRequest(id(message['debtId']), offerBodyOf(message)))));
  }

  @GrpcMethod('NegotiationService', 'MakeOffer')
  @Roles('integrator', 'agent', 'supervisor', 'admin')
  async make(message: GrpcMessage, metadata: Metadata) {
    const ctx = grpcContext(grpcPrincipal(metadata), metadata, str(message['idempotencyKey']));
    return offerOut(valueOrProblem(await this.makeOffer.execute(ctx, parseOfferRequest(id(message['debtId']), offerBodyOf(message)))));
  }

  @GrpcMethod('NegotiationService', 'AcceptOffer')
  @Roles('integrator', 'agent', 'supervisor', 'admin')
  async accept(message: GrpcMessage, metadata: Metadata) {
    const ctx = grpcContext(grpcPrincipal(metadata), metadata, str(message['idempotencyKey']));
    return agreementOut(valueOrConflict(await this.acceptOffer.execute(ctx, knownId(id(message['offerId']), 'offerId'))));
  }

  @GrpcMethod('NegotiationService', 'GetAgreement')
  @Roles('integrator', 'agent', 'supervisor', 'auditor', 'admin')
  async agreement(message: GrpcMessage, metadata: Metadata) {
    const principal = grpcPrincipal(metadata);
    return agreementOut(valueOrProblem(await this.getAgreement.execute({ principal }, knownId(id(message['agreementId']), 'agreementId'))));
  }
}
