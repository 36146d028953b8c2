import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { Roles } from '@collections/shared-auth';
import { GrpcProblemFilter, valueOrProblem } from '@collections/shared-service-kit';
import { grpcPrincipal, id, type GrpcMessage } from '../../shared/grpc-message';
import { legalOut } from '../legal.view';
import { GetLegalHandler } from './get-legal.handler';
import { parseGetLegalRequest } from './get-legal.request';

@Controller()
@UseFilters(GrpcProblemFilter)
export class GetLegalGrpcController {
  constructor(@Inject(GetLegalHandler) private readonly handler: GetLegalHandler) {}

  @GrpcMethod('LegalService', 'GetLegal')
  @Roles('integrator', 'agent', 'supervisor', 'auditor', 'admin')
  async get(message: GrpcMessage, metadata: Metadata) {
    return legalOut(valueOrProblem(await this.handler.execute({ principal: grpcPrincipal(metadata) }, parseGetLegalRequest(id(message['legalId'])))));
  }
}
