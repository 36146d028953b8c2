import type { Provider, Type } from '@nestjs/common';
import type { ProjectionRunner } from '@collections/shared-nest';
import { RebuildProjectionHandler } from './admin/rebuild-projection/rebuild-projection.handler';
import { RebuildProjectionHttpController } from './admin/rebuild-projection/rebuild-projection.http.controller';
import { HistoryHandler } from './audit/history/history.handler';
import { HistoryHttpController } from './audit/history/history.http.controller';
import { StateAsOfHandler } from './audit/state-as-of/state-as-of.handler';
import { StateAsOfHttpController } from './audit/state-as-of/state-as-of.http.controller';
import { VerifyChainHandler } from './audit/verify-chain/verify-chain.handler';
import { VerifyChainHttpController } from './audit/verify-chain/verify-chain.http.controller';
import { GetDebtorGrpcController } from './debtors/get-debtor/get-debtor.grpc.controller';
import { GetDebtorHandler } from './debtors/get-debtor/get-debtor.handler';
import { GetDebtorHttpController } from './debtors/get-debtor/get-debtor.http.controller';
import { LookUpHandler } from './debtors/look-up/look-up.handler';
import { LookUpHttpController } from './debtors/look-up/look-up.http.controller';
import { RecordContactConsentGrpcController } from './debtors/record-contact-consent/record-contact-consent.grpc.controller';
import { RecordContactConsentHandler } from './debtors/record-contact-consent/record-contact-consent.handler';
import { RecordContactConsentHttpController } from './debtors/record-contact-consent/record-contact-consent.http.controller';
import { RecordOptOutGrpcController } from './debtors/record-opt-out/record-opt-out.grpc.controller';
import { RecordOptOutHandler } from './debtors/record-opt-out/record-opt-out.handler';
import { RecordOptOutHttpController } from './debtors/record-opt-out/record-opt-out.http.controller';
import { RegisterDebtorGrpcController } from './debtors/register-debtor/register-debtor.grpc.controller';
import { RegisterDebtorHandler } from './debtors/register-debtor/register-debtor.handler';
import { RegisterDebtorHttpController } from './debtors/register-debtor/register-debtor.http.controller';
import { RequestErasureGrpcController } from './debtors/request-erasure/request-erasure.grpc.controller';
import { RequestErasureHandler } from './debtors/request-erasure/request-erasure.handler';
import { RequestErasureHttpController } from './debtors/request-erasure/request-erasure.http.controller';
import { UpdateContactPointsGrpcController } from './debtors/update-contact-points/update-contact-points.grpc.controller';
import { UpdateContactPointsHandler } from './debtors/update-contact-points/update-contact-points.handler';
import { UpdateContactPointsHttpController } from './debtors/update-contact-points/update-contact-points.http.controller';
import { AgeDebtHandler } from './debts/age-debt/age-debt.handler';
import { GetDebtGrpcController } from './debts/get-debt/get-debt.grpc.controller';
import { GetDebtHandler } from './debts/get-debt/get-debt.handler';
import { GetDebtHttpController } from './debts/get-debt/get-debt.http.controller';
import { ListDebtsGrpcController } from './debts/list-debts/list-debts.grpc.controller';
import { ListDebtsHandler } from './debts/list-debts/list-debts.handler';
import { ListDebtsHttpController } from './debts/list-debts/list-debts.http.controller';
import { OpenDisputeGrpcController } from './debts/open-dispute/open-dispute.grpc.controller';
import { OpenDisputeHandler } from './debts/open-dispute/open-dispute.handler';
import { OpenDisputeHttpController } from './debts/open-dispute/open-dispute.http.controller';
import { RecordPaymentGrpcController } from './debts/record-payment/record-payment.grpc.controller';
import { RecordPaymentHandler } from './debts/record-payment/record-payment.handler';
import { RecordPaymentHttpController } from './debts/record-payment/record-payment.http.controller';
import { ReversePaymentHandler } from './debts/reverse-payment/reverse-payment.handler';
import { ReversePaymentHttpController } from './debts/reverse-payment/reverse-payment.http.controller';
import { RegisterDebtGrpcController } from './debts/register-debt/register-debt.grpc.controller';
import { RegisterDebtHandler } from './debts/register-debt/register-debt.handler';
import { RegisterDebtHttpController } from './debts/register-debt/register-debt.http.controller';
import { ResolveDisputeGrpcController } from './debts/resolve-dispute/resolve-dispute.grpc.controller';
import { ResolveDisputeHandler } from './debts/resolve-dispute/resolve-dispute.handler';
import { ResolveDisputeHttpController } from './debts/resolve-dispute/resolve-dispute.http.controller';
import { WriteOffGrpcController } from './debts/write-off/write-off.grpc.controller';
import { WriteOffHandler } from './debts/write-off/write-off.handler';
import { WriteOffHttpController } from './debts/write-off/write-off.http.controller';
import { ImportPortfolioHandler } from './import/import-portfolio/import-portfolio.handler';
import { ImportPortfolioHttpController } from './import/import-portfolio/import-portfolio.http.controller';
import type { DebtorsDeps } from './shared/debtors-deps';

/** Every use case of the debtors service, one handler each. */
export interface DebtorsUseCases {
  readonly registerDebtor: RegisterDebtorHandler;
  readonly getDebtor: GetDebtorHandler;
  readonly lookUp: LookUpHandler;
  readonly updateContactPoints: UpdateContactPointsHandler;
  readonly recordContactConsent: RecordContactConsentHandler;
  readonly recordOptOut: RecordOptOutHandler;
  readonly requestErasure: RequestErasureHandler;
  readonly registerDebt: RegisterDebtHandler;
  readonly getDebt: GetDebtHandler;
  readonly listDebts: ListDebtsHandler;
  readonly recordPayment: RecordPaymentHandler;
  readonly reversePayment: ReversePaymentHandler;
  readonly openDispute: OpenDisputeHandler;
  readonly resolveDispute: ResolveDisputeHandler;
  readonly writeOff: WriteOffHandler;
  readonly ageDebt: AgeDebtHandler;
  readonly history: HistoryHandler;
  readonly stateAsOf: StateAsOfHandler;
  readonly verifyChain: VerifyChainHandler;
  readonly importPortfolio: ImportPortfolioHandler;
  readonly rebuildProjection: RebuildProjectionHandler;
}

export function debtorsUseCases(deps: DebtorsDeps, projections: ProjectionRunner): DebtorsUseCases {
  return {
    registerDebtor: new RegisterDebtorHandler(deps),
    getDebtor: new GetDebtorHandler(deps),
    lookUp: new LookUpHandler(deps),
    updateContactPoints: new UpdateContactPointsHandler(deps),
    recordContactConsent: new RecordContactConsentHandler(deps),
    recordOptOut: new RecordOptOutHandler(deps),
    requestErasure: new RequestErasureHandler(deps),
    registerDebt: new RegisterDebtHandler(deps),
    getDebt: new GetDebtHandler(deps),
    listDebts: new ListDebtsHandler(deps),
    recordPayment: new RecordPaymentHandler(deps),
    reversePayment: new ReversePaymentHandler(deps),
    openDispute: new OpenDisputeHandler(deps),
    resolveDispute: new ResolveDisputeHandler(deps),
    writeOff: new WriteOffHandler(deps),
    ageDebt: new AgeDebtHandler(deps),
    history: new HistoryHandler(deps),
    stateAsOf: new StateAsOfHandler(deps),
    verifyChain: new VerifyChainHandler(deps),
    importPortfolio: new ImportPortfolioHandler(deps),
    rebuildProjection: new RebuildProjectionHandler(projections),
  };
}

/** Each handler as a Nest provider under its class, for the controllers to inject. */
export function useCaseProviders(useCases: DebtorsUseCases): Provider[] {
  return Object.values(useCases).map((handler: object) => ({ provide: handler.constructor, useValue: handler }));
}

/** Every REST and gRPC controller of the debtors service (the kit adds health and metrics). */
export const DEBTORS_CONTROLLERS: readonly Type[] = [
  RegisterDebtorHttpController,
  RegisterDebtorGrpcController,
  LookUpHttpController,
  GetDebtorHttpController,
  GetDebtorGrpcController,
  UpdateContactPointsHttpController,
  UpdateContactPointsGrpcController,
  RecordContactConsentHttpController,
  RecordContactConsentGrpcController,
  RecordOptOutHttpController,
  RecordOptOutGrpcController,
  RequestErasureHttpController,
  RequestErasureGrpcController,
  RegisterDebtHttpController,
  RegisterDebtGrpcController,
  ListDebtsHttpController,
  ListDebtsGrpcController,
  GetDebtHttpController,
  GetDebtGrpcController,
  RecordPaymentHttpController,
  RecordPaymentGrpcController,
  ReversePaymentHttpController,
  OpenDisputeHttpController,
  OpenDisputeGrpcController,
  ResolveDisputeHttpController,
  ResolveDisputeGrpcController,
  WriteOffHttpController,
  WriteOffGrpcController,
  ImportPortfolioHttpController,
  HistoryHttpController,
  StateAsOfHttpController,
  VerifyChainHttpController,
  RebuildProjectionHttpController,
];
