import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { Roles } from '@collections/shared-auth';
import type { Clock as KernelClock } from '@collections/shared-kernel';
import { GrpcProblemFilter, valueOrProblem } from '@collections/shared-service-kit';
import { grpcPrincipal, type GrpcMessage } from '../../shared/grpc-message';
import { Clock } from '../../shared/clock.token';
import { REPORTING_ROLES } from '../../shared/roles';
import { periodOfGrpc } from '../period.api';
import { parsePeriodRequest } from '../period.request';
import { GetRecoveryHandler } from './get-recovery.handler';

@Controller()
@UseFilters(GrpcProblemFilter)
export class GetRecoveryGrpcController {
  constructor(
    @Inject(GetRecoveryHandler) private readonly handler: GetRecoveryHandler,
    @Inject(Clock) private readonly clock: KernelClock,
  ) {}

  @GrpcMethod('ReportingService', 'GetRecovery')
  @Roles(...REPORTING_ROLES)
  async get(message: GrpcMessage, metadata: Metadata) {
    const request = parsePeriodRequest(periodOfGrpc(message), this.clock);
    return valueOrProblem(await this.handler.execute({ principal: grpcPrincipal(metadata) }, request));
  }
}
