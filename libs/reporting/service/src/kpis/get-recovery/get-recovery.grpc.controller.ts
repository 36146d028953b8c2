import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { Roles } from '@collections/shared-auth';
import type { Clock as KernelClock } from '@collections/shared-kernel';
import { GrpcProblemFilter, valueOrProblem } from '@collections/shared-service-kit';
import { grpcPrincipal, str, type GrpcMessage } from '../../shared/grpc-message';
import { Clock } from '../../shared/clock.token';
import { REPORTING_ROLES } from '../../shared/roles';
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
    const request = parsePeriodRequest({ from: str(message['from']), to: str(message['to']) }, this.clock);
    return valueOrProblem(await this.handler.execute({ principal: grpcPrincipal(metadata) }, request));
  }
}
