import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { Roles } from '@collections/shared-auth';
import { grpcContext, GrpcProblemFilter, valueOrProblem } from '@collections/shared-service-kit';
import { grpcPrincipal, id, str, type GrpcMessage } from '../shared/grpc-message';
import { knownDebtId } from '../shared/ids';
import { escalationGrpcOut } from './escalation.view';
import { GetEscalationHandler } from './get-escalation/get-escalation.handler';
import { RequestListingHandler } from './request-listing/request-listing.handler';
import { parseRequestListingRequest } from './request-listing/request-listing.request';

@Controller()
@UseFilters(GrpcProblemFilter)
export class EscalationsGrpcController {
  constructor(
    @Inject(GetEscalationHandler) private readonly getHandler: GetEscalationHandler,
    @Inject(RequestListingHandler) private readonly listHandler: RequestListingHandler,
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
}
