import type { Provider, Type } from '@nestjs/common';
import { GetLegalGrpcController } from './legal/get-legal/get-legal.grpc.controller';
import { GetLegalHandler } from './legal/get-legal/get-legal.handler';
import { GetLegalHttpController } from './legal/get-legal/get-legal.http.controller';
import { OpenLegalGrpcController } from './legal/open-legal/open-legal.grpc.controller';
import { OpenLegalHandler } from './legal/open-legal/open-legal.handler';
import { OpenLegalHttpController } from './legal/open-legal/open-legal.http.controller';
import type { LegalDeps } from './shared/legal-deps';

/** Every use case of the legal service, one handler each. */
export interface LegalUseCases {
  readonly openLegal: OpenLegalHandler;
  readonly getLegal: GetLegalHandler;
}

export function legalUseCases(deps: LegalDeps): LegalUseCases {
  return { openLegal: new OpenLegalHandler(deps), getLegal: new GetLegalHandler(deps) };
}

/** Each handler as a Nest provider under its class, for the controllers to inject. */
export function legalUseCaseProviders(useCases: LegalUseCases): Provider[] {
  return Object.values(useCases).map((handler: object) => ({ provide: handler.constructor, useValue: handler }));
}

/** Every REST and gRPC controller of the legal service (the kit adds health and metrics). */
export const LEGAL_CONTROLLERS: readonly Type[] = [OpenLegalHttpController, OpenLegalGrpcController, GetLegalHttpController, GetLegalGrpcController];
