import type { Provider, Type } from '@nestjs/common';
import type { NegotiationDeps } from './shared/negotiation-deps';
import { PublishPolicyHandler } from './policy/publish-policy/publish-policy.handler';
import { PublishPolicyHttpController } from './policy/publish-policy/publish-policy.http.controller';
import { GetPolicyHandler } from './policy/get-policy/get-policy.handler';
import { GetPolicyHttpController } from './policy/get-policy/get-policy.http.controller';
import { SimulateOfferHandler } from './offers/simulate-offer/simulate-offer.handler';
import { SimulateOfferHttpController } from './offers/simulate-offer/simulate-offer.http.controller';
import { MakeOfferHandler } from './offers/make-offer/make-offer.handler';
import { MakeOfferHttpController } from './offers/make-offer/make-offer.http.controller';
import { DecideOfferHandler } from './offers/decide-offer/decide-offer.handler';
import { DecideOfferHttpController } from './offers/decide-offer/decide-offer.http.controller';
import { AcceptOfferHandler } from './offers/accept-offer/accept-offer.handler';
import { AcceptOfferHttpController } from './offers/accept-offer/accept-offer.http.controller';
import { GetOfferHandler } from './offers/get-offer/get-offer.handler';
import { GetOfferHttpController } from './offers/get-offer/get-offer.http.controller';
import { GetAgreementHandler } from './agreements/get-agreement/get-agreement.handler';
import { GetAgreementHttpController } from './agreements/get-agreement/get-agreement.http.controller';
import { CancelAgreementHandler } from './agreements/cancel-agreement/cancel-agreement.handler';
import { CancelAgreementHttpController } from './agreements/cancel-agreement/cancel-agreement.http.controller';
import { QuoteEarlySettlementHandler } from './agreements/quote-early-settlement/quote-early-settlement.handler';
import { QuoteEarlySettlementHttpController } from './agreements/quote-early-settlement/quote-early-settlement.http.controller';
import { NegotiationGrpcController } from './negotiation.grpc.controller';

/** Every use case of the negotiation service, one handler each. */
export interface NegotiationUseCases {
  readonly publishPolicy: PublishPolicyHandler;
  readonly getPolicy: GetPolicyHandler;
  readonly simulateOffer: SimulateOfferHandler;
  readonly makeOffer: MakeOfferHandler;
  readonly decideOffer: DecideOfferHandler;
  readonly acceptOffer: AcceptOfferHandler;
  readonly getOffer: GetOfferHandler;
  readonly getAgreement: GetAgreementHandler;
  readonly cancelAgreement: CancelAgreementHandler;
  readonly quoteEarlySettlement: QuoteEarlySettlementHandler;
}

export function negotiationUseCases(deps: NegotiationDeps): NegotiationUseCases {
  return {
    publishPolicy: new PublishPolicyHandler(deps),
    getPolicy: new GetPolicyHandler(deps),
    simulateOffer: new SimulateOfferHandler(deps),
    makeOffer: new MakeOfferHandler(deps),
    decideOffer: new DecideOfferHandler(deps),
    acceptOffer: new AcceptOfferHandler(deps),
    getOffer: new GetOfferHandler(deps),
    getAgreement: new GetAgreementHandler(deps),
    cancelAgreement: new CancelAgreementHandler(deps),
    quoteEarlySettlement: new QuoteEarlySettlementHandler(deps),
  };
}

/** Each handler as a Nest provider under its class, for the controllers to inject. */
export function negotiationUseCaseProviders(useCases: NegotiationUseCases): Provider[] {
  return Object.values(useCases).map((handler: object) => ({ provide: handler.constructor, useValue: handler }));
}

/** Every REST and gRPC controller of the negotiation service (the kit adds health and metrics). */
export const NEGOTIATION_CONTROLLERS: readonly Type[] = [
  PublishPolicyHttpController,
  GetPolicyHttpController,
  SimulateOfferHttpController,
  MakeOfferHttpController,
  DecideOfferHttpController,
  AcceptOfferHttpController,
  GetOfferHttpController,
  GetAgreementHttpController,
  CancelAgreementHttpController,
  QuoteEarlySettlementHttpController,
  NegotiationGrpcController,
];
