import type { Provider, Type } from '@nestjs/common';
import type { Bureau } from '@collections/legal-domain';
import { GetDossierHandler } from './dossier/get-dossier/get-dossier.handler';
import { GetDossierHttpController } from './dossier/get-dossier/get-dossier.http.controller';
import { EscalationsGrpcController } from './escalations/escalations.grpc.controller';
import { GetEscalationHandler } from './escalations/get-escalation/get-escalation.handler';
import { GetEscalationHttpController } from './escalations/get-escalation/get-escalation.http.controller';
import { RequestListingHandler } from './escalations/request-listing/request-listing.handler';
import { RequestListingHttpController } from './escalations/request-listing/request-listing.http.controller';
import { HandOffLawsuitHandler } from './escalations/hand-off-lawsuit/hand-off-lawsuit.handler';
import { HandOffLawsuitHttpController } from './escalations/hand-off-lawsuit/hand-off-lawsuit.http.controller';
import { RecordProtestNoticeHandler } from './escalations/record-protest-notice/record-protest-notice.handler';
import { RecordProtestNoticeHttpController } from './escalations/record-protest-notice/record-protest-notice.http.controller';
import { RecordTitleProtestedHandler } from './escalations/record-title-protested/record-title-protested.handler';
import { RecordTitleProtestedHttpController } from './escalations/record-title-protested/record-title-protested.http.controller';
import { RequestProtestHandler } from './escalations/request-protest/request-protest.handler';
import { RequestProtestHttpController } from './escalations/request-protest/request-protest.http.controller';
import { EscalationPolicyGrpcController } from './policy/escalation-policy.grpc.controller';
import { GetEscalationPolicyHandler } from './policy/get-escalation-policy/get-escalation-policy.handler';
import { GetEscalationPolicyHttpController } from './policy/get-escalation-policy/get-escalation-policy.http.controller';
import { SetEscalationPolicyHandler } from './policy/set-escalation-policy/set-escalation-policy.handler';
import { SetEscalationPolicyHttpController } from './policy/set-escalation-policy/set-escalation-policy.http.controller';
import { ListRemovalsHandler } from './removals/list-removals/list-removals.handler';
import { ListRemovalsHttpController } from './removals/list-removals/list-removals.http.controller';
import { RemovalsGrpcController } from './removals/removals.grpc.controller';
import type { LegalDeps } from './shared/legal-deps';

/** Every use case of the legal service, one handler each. */
export interface LegalUseCases {
  readonly setEscalationPolicy: SetEscalationPolicyHandler;
  readonly getEscalationPolicy: GetEscalationPolicyHandler;
  readonly getEscalation: GetEscalationHandler;
  readonly requestListing: RequestListingHandler;
  readonly listRemovals: ListRemovalsHandler;
  readonly getDossier: GetDossierHandler;
  readonly requestProtest: RequestProtestHandler;
  readonly recordProtestNotice: RecordProtestNoticeHandler;
  readonly recordTitleProtested: RecordTitleProtestedHandler;
  readonly handOffLawsuit: HandOffLawsuitHandler;
}

export function legalUseCases(deps: LegalDeps, bureaus: readonly Bureau[]): LegalUseCases {
  return {
    setEscalationPolicy: new SetEscalationPolicyHandler(deps),
    getEscalationPolicy: new GetEscalationPolicyHandler(deps),
    getEscalation: new GetEscalationHandler(deps),
    requestListing: new RequestListingHandler(deps, bureaus),
    listRemovals: new ListRemovalsHandler(deps),
    getDossier: new GetDossierHandler(deps),
    requestProtest: new RequestProtestHandler(deps),
    recordProtestNotice: new RecordProtestNoticeHandler(deps),
    recordTitleProtested: new RecordTitleProtestedHandler(deps),
    handOffLawsuit: new HandOffLawsuitHandler(deps),
  };
}

/** Each handler as a Nest provider under its class, for the controllers to inject. */
export function legalUseCaseProviders(useCases: LegalUseCases): Provider[] {
  return Object.values(useCases).map((handler: object) => ({ provide: handler.constructor, useValue: handler }));
}

/** Every REST and gRPC controller of the legal service (the kit adds health and metrics). */
export const LEGAL_CONTROLLERS: readonly Type[] = [
  SetEscalationPolicyHttpController,
  GetEscalationPolicyHttpController,
  EscalationPolicyGrpcController,
  GetEscalationHttpController,
  RequestListingHttpController,
  EscalationsGrpcController,
  ListRemovalsHttpController,
  RemovalsGrpcController,
  GetDossierHttpController,
  RequestProtestHttpController,
  RecordProtestNoticeHttpController,
  RecordTitleProtestedHttpController,
  HandOffLawsuitHttpController,
];
