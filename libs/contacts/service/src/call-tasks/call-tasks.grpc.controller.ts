import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { Roles } from '@collections/shared-auth';
import { grpcContext, GrpcProblemFilter, valueOrProblem } from '@collections/shared-service-kit';
import { grpcPrincipal, id, str, type GrpcMessage } from '../shared/grpc-message';
import { knownCallTaskId, knownQueueName, type CallTaskView } from './call-task-queue';
import { CompleteCallTaskHandler } from './complete-call-task/complete-call-task.handler';
import { parseCompleteCallTaskRequest } from './complete-call-task/complete-call-task.request';
import { CreateCallTaskHandler } from './create-call-task/create-call-task.handler';
import { parseCreateCallTaskRequest } from './create-call-task/create-call-task.request';
import { GetCallQueueHandler } from './get-call-queue/get-call-queue.handler';
import { ReassignCallTaskHandler } from './reassign-call-task/reassign-call-task.handler';
import { parseReassignCallTaskRequest } from './reassign-call-task/reassign-call-task.request';
import { TakeNextCallTaskHandler } from './take-next-call-task/take-next-call-task.handler';
import { GetCallTaskHandler, type CallTaskDetail } from './get-call-task/get-call-task.handler';
import { GetCallScriptHandler, PublishCallScriptHandler, parsePublishCallScriptRequest } from '../call-scripts/publish-call-script/publish-call-script.handler';
import { knownSegment } from '../call-scripts/call-scripts';
import { DialCallTaskHandler } from './dial-call-task/dial-call-task.handler';

/** An absent message field is undefined (proto3 gives null or the default object). */
const promiseIn = (v: unknown): { amount: unknown; dueOn: unknown } | undefined => {
  if (typeof v !== 'object' || v === null) return undefined;
  const { amount, dueOn } = v as Record<string, unknown>;
  return { amount: amount ?? undefined, dueOn };
};

/** proto3 has no null: an absent instant or holder is "". */
const callTaskOut = (task: CallTaskView) => ({ ...task, holder: task.holder ?? '', leaseUntil: task.leaseUntil ?? '' });
const callTaskDetailOut = (task: CallTaskDetail) => ({
  ...callTaskOut(task),
  outcome: task.outcome ?? '',
  completedAt: task.completedAt ?? '',
  stepsDone: task.stepsDone ?? [],
  recordingRef: task.recordingRef ?? '',
  notes: task.notes ?? '',
  calls: task.calls.map((c) => ({ ...c, startedAt: c.startedAt ?? '', endedAt: c.endedAt ?? '', durationSeconds: c.durationSeconds ?? 0, recordingRef: c.recordingRef ?? '' })),
});
/** A repeated field: the strings sent, or undefined when it is not a list. */
const strings = (v: unknown): unknown => (Array.isArray(v) ? v : undefined);

/** The work queue's use cases over gRPC: the same handlers, roles and problems as REST. */
@Controller()
@UseFilters(GrpcProblemFilter)
export class CallTasksGrpcController {
  constructor(
    @Inject(CreateCallTaskHandler) private readonly create: CreateCallTaskHandler,
    @Inject(TakeNextCallTaskHandler) private readonly takeNext: TakeNextCallTaskHandler,
    @Inject(CompleteCallTaskHandler) private readonly complete: CompleteCallTaskHandler,
    @Inject(ReassignCallTaskHandler) private readonly reassign: ReassignCallTaskHandler,
    @Inject(GetCallQueueHandler) private readonly queue: GetCallQueueHandler,
    @Inject(GetCallTaskHandler) private readonly task: GetCallTaskHandler,
    @Inject(PublishCallScriptHandler) private readonly publishScript: PublishCallScriptHandler,
    @Inject(GetCallScriptHandler) private readonly script: GetCallScriptHandler,
    @Inject(DialCallTaskHandler) private readonly dial: DialCallTaskHandler,
  ) {}

  @GrpcMethod('ContactsService', 'DialCallTask')
  @Roles('agent')
  async dialCallTask(message: GrpcMessage, metadata: Metadata) {
    const ctx = grpcContext(grpcPrincipal(metadata), metadata, str(message['idempotencyKey']));
    return valueOrProblem(await this.dial.execute(ctx, knownCallTaskId(id(message['taskId']))));
  }

  @GrpcMethod('ContactsService', 'GetCallTask')
  @Roles('agent', 'supervisor', 'admin', 'auditor')
  async getCallTask(message: GrpcMessage, metadata: Metadata) {
    return callTaskDetailOut(valueOrProblem(await this.task.execute({ principal: grpcPrincipal(metadata) }, knownCallTaskId(id(message['taskId'])))));
  }

  @GrpcMethod('ContactsService', 'PublishCallScript')
  @Roles('supervisor', 'admin')
  async publishCallScript(message: GrpcMessage, metadata: Metadata) {
    const ctx = grpcContext(grpcPrincipal(metadata), metadata, str(message['idempotencyKey']));
    return valueOrProblem(await this.publishScript.execute(ctx, parsePublishCallScriptRequest(knownSegment(id(message['segment'])), { steps: message['steps'] })));
  }

  @GrpcMethod('ContactsService', 'GetCallScript')
  @Roles('supervisor', 'admin')
  async getCallScript(message: GrpcMessage, metadata: Metadata) {
    return valueOrProblem(await this.script.execute({ principal: grpcPrincipal(metadata) }, knownSegment(id(message['segment']))));
  }

  @GrpcMethod('ContactsService', 'CreateCallTask')
  @Roles('supervisor', 'admin', 'integrator')
  async createCallTask(message: GrpcMessage, metadata: Metadata) {
    const ctx = grpcContext(grpcPrincipal(metadata), metadata, str(message['idempotencyKey']));
    const body = { debtId: id(message['debtId']), queue: str(message['queue']), priority: message['priority'], reason: str(message['reason']), dueAt: str(message['dueAt']) };
    return callTaskOut(valueOrProblem(await this.create.execute(ctx, parseCreateCallTaskRequest(body))));
  }

  @GrpcMethod('ContactsService', 'TakeNextCallTask')
  @Roles('agent')
  async takeNextCallTask(message: GrpcMessage, metadata: Metadata) {
    const ctx = grpcContext(grpcPrincipal(metadata), metadata, str(message['idempotencyKey']));
    const { task } = valueOrProblem(await this.takeNext.execute(ctx, knownQueueName(id(message['queue']))));
    return task ? { task: callTaskOut(task), script: task.script } : {};
  }

  @GrpcMethod('ContactsService', 'CompleteCallTask')
  @Roles('agent')
  async completeCallTask(message: GrpcMessage, metadata: Metadata) {
    const ctx = grpcContext(grpcPrincipal(metadata), metadata, str(message['idempotencyKey']));
    const body = {
      outcome: message['outcome'],
      notes: str(message['notes']),
      promise: promiseIn(message['promise']),
      ...(str(message['callbackAt']) ? { callback: { at: str(message['callbackAt']) } } : {}),
      stepsDone: strings(message['stepsDone']),
      recordingRef: str(message['recordingRef']),
    };
    return callTaskOut(valueOrProblem(await this.complete.execute(ctx, parseCompleteCallTaskRequest(id(message['taskId']), body))));
  }

  @GrpcMethod('ContactsService', 'ReassignCallTask')
  @Roles('supervisor', 'admin')
  async reassignCallTask(message: GrpcMessage, metadata: Metadata) {
    const ctx = grpcContext(grpcPrincipal(metadata), metadata, str(message['idempotencyKey']));
    return callTaskOut(valueOrProblem(await this.reassign.execute(ctx, parseReassignCallTaskRequest(id(message['taskId']), { agent: message['agent'] }))));
  }

  @GrpcMethod('ContactsService', 'GetCallQueue')
  @Roles('supervisor', 'admin', 'auditor')
  async getCallQueue(message: GrpcMessage, metadata: Metadata) {
    return valueOrProblem(await this.queue.execute({ principal: grpcPrincipal(metadata) }, knownQueueName(id(message['queue']))));
  }
}
