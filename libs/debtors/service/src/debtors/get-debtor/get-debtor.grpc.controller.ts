import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { Roles } from '@collections/shared-auth';
import { GrpcProblemFilter, valueOrProblem } from '@collections/shared-service-kit';
import { id, type GrpcMessage } from '../../shared/grpc-message';
import { grpcPrincipal } from '../../shared/grpc-principal';
import { knownDebtorId } from '../../shared/ids';
import { debtorOut } from '../debtor.grpc-message';
import { GetDebtorHandler } from './get-debtor.handler';

@Controller()
@UseFilters(GrpcProblemFilter)
export class GetDebtorGrpcController {
  constructor(@Inject(GetDebtorHandler) private readonly handler: GetDebtorHandler) {}

  @GrpcMethod('DebtorsService', 'GetDebtor')
  @Roles('integrator', 'agent', 'supervisor', 'auditor', 'admin')
  async getDebtor(message: GrpcMessage, metadata: Metadata) {
    return debtorOut(valueOrProblem(await this.handler.execute({ principal: grpcPrincipal(metadata) }, knownDebtorId(id(message['debtorId'])))));
  }
}
