import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { Roles } from '@collections/shared-auth';
import { grpcContext, GrpcProblemFilter, valueOrProblem } from '@collections/shared-service-kit';
import { grpcPrincipal, id, str, type GrpcMessage } from '../../shared/grpc-message';
import { timelineOut } from '../../timeline/contact-timeline.grpc-message';
import { PlaceHoldHandler } from './place-hold.handler';
import { parsePlaceHoldRequest } from './place-hold.request';

@Controller()
@UseFilters(GrpcProblemFilter)
export class PlaceHoldGrpcController {
  constructor(@Inject(PlaceHoldHandler) private readonly handler: PlaceHoldHandler) {}

  @GrpcMethod('ContactsService', 'PlaceHold')
  @Roles('agent', 'supervisor', 'admin', 'integrator')
  async place(message: GrpcMessage, metadata: Metadata) {
    const ctx = grpcContext(grpcPrincipal(metadata), metadata, str(message['idempotencyKey']));
    const request = parsePlaceHoldRequest(id(message['debtId']), { kind: message['kind'], reason: message['reason'] });
    return timelineOut(valueOrProblem(await this.handler.execute(ctx, request)));
  }
}
