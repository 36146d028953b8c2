import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { Roles } from '@collections/shared-auth';
import { GrpcProblemFilter, valueOrProblem } from '@collections/shared-service-kit';
import { grpcPrincipal, id, type GrpcMessage } from '../../shared/grpc-message';
import { reportingOut } from '../reporting.view';
import { GetReportingHandler } from './get-reporting.handler';
import { parseGetReportingRequest } from './get-reporting.request';

@Controller()
@UseFilters(GrpcProblemFilter)
export class GetReportingGrpcController {
  constructor(@Inject(GetReportingHandler) private readonly handler: GetReportingHandler) {}

  @GrpcMethod('ReportingService', 'GetReporting')
  @Roles('integrator', 'agent', 'supervisor', 'auditor', 'admin')
  async get(message: GrpcMessage, metadata: Metadata) {
    return reportingOut(valueOrProblem(await this.handler.execute({ principal: grpcPrincipal(metadata) }, parseGetReportingRequest(id(message['reportingId'])))));
  }
}
