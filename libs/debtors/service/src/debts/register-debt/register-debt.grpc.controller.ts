import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { Roles } from '@collections/shared-auth';
import { grpcContext, GrpcProblemFilter, valueOrProblem } from '@collections/shared-service-kit';
import { defined, list, moneyIn, str, type GrpcMessage } from '../../shared/grpc-message';
import { grpcPrincipal } from '../../shared/grpc-principal';
import { debtOut } from '../debt.grpc-message';
import { RegisterDebtHandler } from './register-debt.handler';
import { parseRegisterDebtRequest } from './register-debt.request';

@Controller()
@UseFilters(GrpcProblemFilter)
export class RegisterDebtGrpcController {
  constructor(@Inject(RegisterDebtHandler) private readonly handler: RegisterDebtHandler) {}

  @GrpcMethod('DebtorsService', 'RegisterDebt')
  @Roles('integrator', 'admin')
  async registerDebt(message: GrpcMessage, metadata: Metadata) {
    const ctx = grpcContext(grpcPrincipal(metadata), metadata, str(message['idempotencyKey']));
    const installments = list(message['installments']);
    const request = parseRegisterDebtRequest(
      defined({
        debtId: str(message['debtId']),
        debtorId: message['debtorId'],
        contractReference: message['contractReference'],
        originalAmount: moneyIn(message['originalAmount']) ?? { amount: 0, currency: 'BRL' },
        dueDate: message['dueDate'],
        installments: installments.length ? installments.map((i) => ({ number: i['number'], amount: moneyIn(i['amount']), dueDate: i['dueDate'] })) : undefined,
        lateFeeRate: str(message['lateFeeRate']),
        monthlyInterestRate: str(message['monthlyInterestRate']),
        segment: str(message['segment']),
        portfolio: str(message['portfolio']),
      }),
    );
    return debtOut(valueOrProblem(await this.handler.execute(ctx, request)));
  }
}
