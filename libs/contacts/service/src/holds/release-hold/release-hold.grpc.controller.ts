import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { Roles } from '@collections/shared-auth';
import { grpcContext, GrpcProblemFilter, valueOrProblem } from '@collections/shared-service-kit';
import { grpcPrincipal, id, str, type GrpcMessage } from '../../shared/grpc-message';
import { knownDebtId } from '../../shared/ids';
import { timelineOut } from '../../timeline/contact-timeline.grpc-message';
import { ReleaseHoldHandler } from './release-hold.handler';
import { knownHoldId } from './release-hold.http.controller';

@Controller()
@UseFilters(GrpcProblemFilter)
export class ReleaseHoldGrpcController {
  constructor(@Inject(ReleaseHoldHandler) private readonly handler: ReleaseHoldHandler) {}

  @GrpcMethod('ContactsService', 'ReleaseHold')
  @Roles('supervisor', 'admin', 'integrator')
  async release(message: GrpcMessage, metadata: Metadata) {
    const ctx = grpcContext(grpcPrincipal(metadata), metadata, str(message['idempotencyKey']));
    return timelineOut(valueOrProblem(await this.handler.execute(ctx, { debtId: knownDebtId(id(message['debtId'])), holdId: knownHoldId(id(message['holdId'])) })));
  }
}
