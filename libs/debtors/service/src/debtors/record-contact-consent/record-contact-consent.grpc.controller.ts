import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { Roles } from '@collections/shared-auth';
import { grpcContext, GrpcProblemFilter, valueOrProblem } from '@collections/shared-service-kit';
import { defined, id, str, type GrpcMessage } from '../../shared/grpc-message';
import { grpcPrincipal } from '../../shared/grpc-principal';
import { debtorOut } from '../debtor.grpc-message';
import { RecordContactConsentHandler } from './record-contact-consent.handler';
import { parseRecordContactConsentRequest } from './record-contact-consent.request';

@Controller()
@UseFilters(GrpcProblemFilter)
export class RecordContactConsentGrpcController {
  constructor(@Inject(RecordContactConsentHandler) private readonly handler: RecordContactConsentHandler) {}

  @GrpcMethod('DebtorsService', 'RecordContactConsent')
  @Roles('integrator', 'agent', 'admin')
  async recordContactConsent(message: GrpcMessage, metadata: Metadata) {
    const ctx = grpcContext(grpcPrincipal(metadata), metadata, str(message['idempotencyKey']));
    const request = parseRecordContactConsentRequest(id(message['debtorId']), id(message['contactPointId']), defined({ consent: str(message['consent']) }));
    return debtorOut(valueOrProblem(await this.handler.execute(ctx, request)));
  }
}
