import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { Roles } from '@collections/shared-auth';
import { GrpcProblemFilter, valueOrProblem } from '@collections/shared-service-kit';
import { id, str, type GrpcMessage } from '../../shared/grpc-message';
import { grpcPrincipal } from '../../shared/grpc-principal';
import { debtOut } from '../debt.grpc-message';
import { GetDebtHandler } from './get-debt.handler';
import { parseGetDebtRequest } from './get-debt.request';

@Controller()
@UseFilters(GrpcProblemFilter)
export class GetDebtGrpcController {
  constructor(@Inject(GetDebtHandler) private readonly handler: GetDebtHandler) {}

  @GrpcMethod('DebtorsService', 'GetDebt')
  @Roles('integrator', 'agent', 'supervisor', 'auditor', 'admin')
  async getDebt(message: GrpcMessage, metadata: Metadata) {
    const request = parseGetDebtRequest(id(message['debtId']), str(message['balanceAsOf']));
    return debtOut(valueOrProblem(await this.handler.execute({ principal: grpcPrincipal(metadata) }, request)));
  }
}
