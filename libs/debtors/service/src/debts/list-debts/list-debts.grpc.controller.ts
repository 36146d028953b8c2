import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { Roles } from '@collections/shared-auth';
import { GrpcProblemFilter } from '@collections/shared-service-kit';
import { defined, str, type GrpcMessage } from '../../shared/grpc-message';
import { grpcPrincipal } from '../../shared/grpc-principal';
import { ListDebtsHandler } from './list-debts.handler';
import { parseListDebtsQuery } from './list-debts.query';

@Controller()
@UseFilters(GrpcProblemFilter)
export class ListDebtsGrpcController {
  constructor(@Inject(ListDebtsHandler) private readonly handler: ListDebtsHandler) {}

  @GrpcMethod('DebtorsService', 'ListDebts')
  @Roles('integrator', 'agent', 'supervisor', 'auditor', 'admin')
  async listDebts(message: GrpcMessage, metadata: Metadata) {
    const query = parseListDebtsQuery(
      defined({ status: str(message['status']), agingBucket: str(message['agingBucket']), pageSize: Number(message['pageSize']) || undefined, pageToken: str(message['pageToken']) }),
    );
    const page = await this.handler.execute({ principal: grpcPrincipal(metadata) }, query);
    return { debts: page.items, nextPageToken: page.nextPageToken ?? '' };
  }
}
