import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { Roles } from '@collections/shared-auth';
import { grpcContext, GrpcProblemFilter, valueOrProblem } from '@collections/shared-service-kit';
import { grpcPrincipal, id, str, type GrpcMessage } from '../shared/grpc-message';
import { knownDebtId } from '../shared/ids';
import { escalationGrpcOut } from './escalation.view';
import { GetEscalationHandler } from './get-escalation/get-escalation.handler';
import { HandOffLawsuitHandler } from './hand-off-lawsuit/hand-off-lawsuit.handler';
import { parseHandOffLawsuitRequest } from './hand-off-lawsuit/hand-off-lawsuit.request';
import { RecordProtestNoticeHandler } from './record-protest-notice/record-protest-notice.handler';
import { parseRecordProtestNoticeRequest } from './record-protest-notice/record-protest-notice.request';
import { RecordTitleProtestedHandler } from './record-title-protested/record-title-protested.handler';
import { parseRecordTitleProtestedRequest } from './record-title-protested/record-title-protested.request';
import { RequestListingHandler } from './request-listing/request-listing.handler';
import { RequestProtestHandler } from './request-protest/request-protest.handler';
import { parseRequestListingRequest } from './request-listing/request-listing.request';

@Controller()
@UseFilters(GrpcProblemFilter)
export class EscalationsGrpcController {
  constructor(
    @Inject(GetEscalationHandler) private readonly getHandler: GetEscalationHandler,
    @Inject(RequestListingHandler) private readonly listHandler: RequestListingHandler,
    @Inject(RequestProtestHandler) private readonly protestHandler: RequestProtestHandler,
    @Inject(RecordProtestNoticeHandler) private readonly noticeHandler: RecordProtestNoticeHandler,
    @Inject(HandOffLawsuitHandler) private readonly lawsuitHandler: HandOffLawsuitHandler,
    @Inject(RecordTitleProtestedHandler) private readonly protestedHandler: RecordTitleProtestedHandler,
  ) {}

  @GrpcMethod('LegalService', 'GetEscalation')
  @Roles('integrator', 'agent', 'supervisor', 'auditor', 'admin')
  async get(message: GrpcMessage, metadata: Metadata) {
    return escalationGrpcOut(valueOrProblem(await this.getHandler.execute({ principal: grpcPrincipal(metadata) }, knownDebtId(id(message['debtId'])))));
  }

  @GrpcMethod('LegalService', 'RequestListing')
  @Roles('supervisor', 'admin')
  async request(message: GrpcMessage, metadata: Metadata) {
    const ctx = grpcContext(grpcPrincipal(metadata), metadata, str(message['idempotencyKey']));
    const bureaus = Array.isArray(message['bureaus']) && message['bureaus'].length > 0 ? { bureaus: message['bureaus'] } : {};
    return escalationGrpcOut(valueOrProblem(await this.listHandler.execute(ctx, parseRequestListingRequest(id(message['debtId']), bureaus))));
  }

  @GrpcMethod('LegalService', 'RequestProtest')
  @Roles('supervisor', 'admin')
  async protest(message: GrpcMessage, metadata: Metadata) {
    const ctx = grpcContext(grpcPrincipal(metadata), metadata, str(message['idempotencyKey']));
    return escalationGrpcOut(valueOrProblem(await this.protestHandler.execute(ctx, knownDebtId(id(message['debtId'])))));
  }

  @GrpcMethod('LegalService', 'RecordProtestNotice')
  @Roles('integrator', 'supervisor', 'admin')
  async protestNotice(message: GrpcMessage, metadata: Metadata) {
    const ctx = grpcContext(grpcPrincipal(metadata), metadata, str(message['idempotencyKey']));
    return escalationGrpcOut(valueOrProblem(await this.noticeHandler.execute(ctx, parseRecordProtestNoticeRequest(id(message['debtId']), { notifiedOn: message['notifiedOn'] }))));
  }

  @GrpcMethod('LegalService', 'RecordTitleProtested')
  @Roles('integrator', 'supervisor', 'admin')
  async titleProtested(message: GrpcMessage, metadata: Metadata) {
    const ctx = grpcContext(grpcPrincipal(metadata), metadata, str(message['idempotencyKey']));
    return escalationGrpcOut(valueOrProblem(await this.protestedHandler.execute(ctx, parseRecordTitleProtestedRequest(id(message['debtId']), { protocol: message['protocol'] }))));
  }

  @GrpcMethod('LegalService', 'HandOffLawsuit')
  @Roles('supervisor', 'admin')
  async lawsuit(message: GrpcMessage, metadata: Metadata) {
    const ctx = grpcContext(grpcPrincipal(metadata), metadata, str(message['idempotencyKey']));
    return escalationGrpcOut(valueOrProblem(await this.lawsuitHandler.execute(ctx, parseHandOffLawsuitRequest(id(message['debtId']), { lawFirm: message['lawFirm'] }))));
  }
}
