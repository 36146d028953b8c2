import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { Roles } from '@collections/shared-auth';
import { grpcContext, GrpcProblemFilter, valueOrProblem } from '@collections/shared-service-kit';
import { grpcPrincipal, str, type GrpcMessage } from '../../shared/grpc-message';
import { cadenceOut, stepsIn } from '../cadence.grpc-message';
import { DefineCadenceHandler } from './define-cadence.handler';
import { parseDefineCadenceRequest } from './define-cadence.request';

@Controller()
@UseFilters(GrpcProblemFilter)
export class DefineCadenceGrpcController {
  constructor(@Inject(DefineCadenceHandler) private readonly handler: DefineCadenceHandler) {}

  @GrpcMethod('ContactsService', 'DefineCadence')
  @Roles('supervisor', 'admin')
  async define(message: GrpcMessage, metadata: Metadata) {
    const ctx = grpcContext(grpcPrincipal(metadata), metadata, str(message['idempotencyKey']));
    const request = parseDefineCadenceRequest({ name: message['name'], segment: str(message['segment']), steps: stepsIn(message['steps']) });
    return cadenceOut(valueOrProblem(await this.handler.execute(ctx, request)));
  }
}
