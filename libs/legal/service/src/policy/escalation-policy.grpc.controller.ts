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

/**
 * The map of overrides as the request parser reads it: a proto3 `optional` field absent is
 * absent here (the loader's synthetic oneof keys, `_triggerDaysPastDue`..., are dropped), a map of none is no key.
 */
function segmentsOf(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Object.keys(value).length === 0) return undefined;
  return Object.fromEntries(
    Object.entries(value).map(([name, terms]) => [name, terms !== null && typeof terms === 'object' ? Object.fromEntries(Object.entries(terms).filter(([k, v]) => !k.startsWith('_') && v !== undefined && v !== null)) : terms]),
  );
}

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
        segments: segmentsOf(message['segments']),
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
