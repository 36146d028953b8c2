import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { Roles } from '@collections/shared-auth';
import { grpcContext, GrpcProblemFilter, valueOrProblem } from '@collections/shared-service-kit';
import { grpcPrincipal } from '../../shared/grpc-principal';
import { defined, list, moneyIn, str, type GrpcMessage } from '../../shared/grpc-message';
import { contactPointIn, debtorOut } from '../debtor.grpc-message';
import { RegisterDebtorHandler } from './register-debtor.handler';
import { parseRegisterDebtorRequest } from './register-debtor.request';

@Controller()
@UseFilters(GrpcProblemFilter)
export class RegisterDebtorGrpcController {
  constructor(@Inject(RegisterDebtorHandler) private readonly handler: RegisterDebtorHandler) {}

  @GrpcMethod('DebtorsService', 'RegisterDebtor')
  @Roles('integrator', 'admin')
  async registerDebtor(message: GrpcMessage, metadata: Metadata) {
    const request = parseRegisterDebtorRequest(
      defined({
        debtorId: str(message['debtorId']),
        taxId: message['taxId'],
        name: message['name'],
        contactPoints: list(message['contactPoints']).map(contactPointIn),
        state: message['state'],
        timeZone: str(message['timeZone']),
        declaredMonthlyIncome: moneyIn(message['declaredMonthlyIncome']),
      }),
    );
    const ctx = grpcContext(grpcPrincipal(metadata), metadata, str(message['idempotencyKey']));
    return debtorOut(valueOrProblem(await this.handler.execute(ctx, request)));
  }
}
