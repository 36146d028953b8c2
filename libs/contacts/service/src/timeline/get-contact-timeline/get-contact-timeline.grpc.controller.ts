import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { Roles } from '@collections/shared-auth';
import { GrpcProblemFilter, valueOrProblem } from '@collections/shared-service-kit';
import { grpcPrincipal, id, type GrpcMessage } from '../../shared/grpc-message';
import { knownDebtId } from '../../shared/ids';
import { timelineOut } from '../contact-timeline.grpc-message';
import { GetContactTimelineHandler } from './get-contact-timeline.handler';

@Controller()
@UseFilters(GrpcProblemFilter)
export class GetContactTimelineGrpcController {
  constructor(@Inject(GetContactTimelineHandler) private readonly handler: GetContactTimelineHandler) {}

  @GrpcMethod('ContactsService', 'GetContactTimeline')
  @Roles('agent', 'supervisor', 'auditor', 'admin', 'integrator')
  async get(message: GrpcMessage, metadata: Metadata) {
    return timelineOut(valueOrProblem(await this.handler.execute({ principal: grpcPrincipal(metadata) }, knownDebtId(id(message['debtId'])))));
  }
}
