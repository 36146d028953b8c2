import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { Roles } from '@collections/shared-auth';
import { grpcContext, GrpcProblemFilter, valueOrProblem } from '@collections/shared-service-kit';
import { id, list, str, type GrpcMessage } from '../../shared/grpc-message';
import { grpcPrincipal } from '../../shared/grpc-principal';
import { contactPointIn, debtorOut } from '../debtor.grpc-message';
import { UpdateContactPointsHandler } from './update-contact-points.handler';
import { parseUpdateContactPointsRequest } from './update-contact-points.request';

@Controller()
@UseFilters(GrpcProblemFilter)
export class UpdateContactPointsGrpcController {
  constructor(@Inject(UpdateContactPointsHandler) private readonly handler: UpdateContactPointsHandler) {}

  @GrpcMethod('DebtorsService', 'UpdateContactPoints')
  @Roles('integrator', 'agent', 'admin')
  async updateContactPoints(message: GrpcMessage, metadata: Metadata) {
    const ctx = grpcContext(grpcPrincipal(metadata), metadata, str(message['idempotencyKey']));
    const request = parseUpdateContactPointsRequest(id(message['debtorId']), { contactPoints: list(message['contactPoints']).map(contactPointIn) });
    return debtorOut(valueOrProblem(await this.handler.execute(ctx, request)));
  }
}
