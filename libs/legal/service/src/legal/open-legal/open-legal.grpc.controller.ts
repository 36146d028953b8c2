import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { Roles } from '@collections/shared-auth';
import { grpcContext, GrpcProblemFilter, valueOrProblem } from '@collections/shared-service-kit';
import { grpcPrincipal, str, type GrpcMessage } from '../../shared/grpc-message';
import { legalOut } from '../legal.view';
import { OpenLegalHandler } from './open-legal.handler';
import { parseOpenLegalRequest } from './open-legal.request';

@Controller()
@UseFilters(GrpcProblemFilter)
export class OpenLegalGrpcController {
  constructor(@Inject(OpenLegalHandler) private readonly handler: OpenLegalHandler) {}

  @GrpcMethod('LegalService', 'OpenLegal')
  @Roles('integrator', 'agent', 'supervisor', 'admin')
  async open(message: GrpcMessage, metadata: Metadata) {
    const ctx = grpcContext(grpcPrincipal(metadata), metadata, str(message['idempotencyKey']));
    return legalOut(valueOrProblem(await this.handler.execute(ctx, parseOpenLegalRequest({ title: message['title'] }))));
  }
}
