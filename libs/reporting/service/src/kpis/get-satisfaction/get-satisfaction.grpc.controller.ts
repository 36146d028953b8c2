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
import type { Satisfaction, SatisfactionLine } from '../kpi.queries';
import { GetSatisfactionHandler } from './get-satisfaction.handler';

@Controller()
@UseFilters(GrpcProblemFilter)
export class GetSatisfactionGrpcController {
  constructor(
    @Inject(GetSatisfactionHandler) private readonly handler: GetSatisfactionHandler,
    @Inject(Clock) private readonly clock: KernelClock,
  ) {}

  @GrpcMethod('ReportingService', 'GetSatisfaction')
  @Roles(...REPORTING_ROLES)
  async get(message: GrpcMessage, metadata: Metadata) {
    const request = parsePeriodRequest(periodOfGrpc(message), this.clock);
    return satisfactionOut(valueOrProblem(await this.handler.execute({ principal: grpcPrincipal(metadata) }, request)));
  }
}

function lineOut(line: SatisfactionLine & { readonly agent?: string; readonly channel?: string }) {
  const { scores } = line;
  return {
    agent: line.agent ?? '',
    channel: line.channel ?? '',
    sent: line.sent,
    answered: line.answered,
    scores: { score1: scores['1'], score2: scores['2'], score3: scores['3'], score4: scores['4'], score5: scores['5'] },
    averageScore: line.averageScore,
    responseRate: line.responseRate,
  };
}

/** The Satisfaction message: the REST answer with its tenant-wide line as `total`. */
function satisfactionOut(v: Satisfaction) {
  return { from: v.from, to: v.to, total: lineOut(v), byAgent: v.byAgent.map(lineOut), byChannel: v.byChannel.map(lineOut) };
}
