import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { Roles } from '@collections/shared-auth';
import { grpcContext, GrpcProblemFilter, valueOrProblem } from '@collections/shared-service-kit';
import { grpcPrincipal, str, type GrpcMessage } from '../../shared/grpc-message';
import { reportingOut } from '../reporting.view';
import { OpenReportingHandler } from './open-reporting.handler';
import { parseOpenReportingRequest } from './open-reporting.request';

@Controller()
@UseFilters(GrpcProblemFilter)
export class OpenReportingGrpcController {
  constructor(@Inject(OpenReportingHandler) private readonly handler: OpenReportingHandler) {}

  @GrpcMethod('ReportingService', 'OpenReporting')
  @Roles('integrator', 'agent', 'supervisor', 'admin')
  async open(message: GrpcMessage, metadata: Metadata) {
    const ctx = grpcContext(grpcPrincipal(metadata), metadata, str(message['idempotencyKey']));
    return reportingOut(valueOrProblem(await this.handler.execute(ctx, parseOpenReportingRequest({ title: message['title'] }))));
  }
}
