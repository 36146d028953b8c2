import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { Roles } from '@collections/shared-auth';
import { grpcContext, GrpcProblemFilter, valueOrProblem } from '@collections/shared-service-kit';
import { grpcPrincipal, str, type GrpcMessage } from '../shared/grpc-message';
import { GetEscalationPolicyHandler } from './get-escalation-policy/get-escalation-policy.handler';
import { SetEscalationPolicyHandler } from './set-escalation-policy/set-escalation-policy.handler';
import { parseSetEscalationPolicyRequest } from './set-escalation-policy/set-escalation-policy.request';

/** proto3 sends 0 / false / "" for an absent field: those mean "the default" here, as an absent JSON field does. */
const positive = (v: unknown): unknown => (typeof v === 'number' && v !== 0 ? v : undefined);

@Controller()
@UseFilters(GrpcProblemFilter)
export class EscalationPolicyGrpcController {
  constructor(
    @Inject(SetEscalationPolicyHandler) private readonly setHandler: SetEscalationPolicyHandler,
    @Inject(GetEscalationPolicyHandler) private readonly getHandler: GetEscalationPolicyHandler,
  ) {}

  @GrpcMethod('LegalService', 'SetEscalationPolicy')
  @Roles('admin', 'supervisor')
  async set(message: GrpcMessage, metadata: Metadata) {
    const ctx = grpcContext(grpcPrincipal(metadata), metadata, str(message['idempotencyKey']));
    const body = Object.fromEntries(
      Object.entries({
        triggerDaysPastDue: positive(message['triggerDaysPastDue']),
        noticePeriodDays: positive(message['noticePeriodDays']),
        legalMinimumNoticeDays: positive(message['legalMinimumNoticeDays']),
        removeOn: str(message['removeOn']),
        protest: message['protest'] === true ? true : undefined,
        calendarState: str(message['calendarState']),
      }).filter(([, v]) => v !== undefined),
    );
    return valueOrProblem(await this.setHandler.execute(ctx, parseSetEscalationPolicyRequest(body)));
  }

  @GrpcMethod('LegalService', 'GetEscalationPolicy')
  @Roles('integrator', 'agent', 'supervisor', 'auditor', 'admin')
  async get(_message: GrpcMessage, metadata: Metadata) {
    return valueOrProblem(await this.getHandler.execute({ principal: grpcPrincipal(metadata) }));
  }
}
