import type { Provider, Type } from '@nestjs/common';
import { GetReportingGrpcController } from './reporting/get-reporting/get-reporting.grpc.controller';
import { GetReportingHandler } from './reporting/get-reporting/get-reporting.handler';
import { GetReportingHttpController } from './reporting/get-reporting/get-reporting.http.controller';
import { OpenReportingGrpcController } from './reporting/open-reporting/open-reporting.grpc.controller';
import { OpenReportingHandler } from './reporting/open-reporting/open-reporting.handler';
import { OpenReportingHttpController } from './reporting/open-reporting/open-reporting.http.controller';
import type { ReportingDeps } from './shared/reporting-deps';

/** Every use case of the reporting service, one handler each. */
export interface ReportingUseCases {
  readonly openReporting: OpenReportingHandler;
  readonly getReporting: GetReportingHandler;
}

export function reportingUseCases(deps: ReportingDeps): ReportingUseCases {
  return { openReporting: new OpenReportingHandler(deps), getReporting: new GetReportingHandler(deps) };
}

/** Each handler as a Nest provider under its class, for the controllers to inject. */
export function reportingUseCaseProviders(useCases: ReportingUseCases): Provider[] {
  return Object.values(useCases).map((handler: object) => ({ provide: handler.constructor, useValue: handler }));
}

/** Every REST and gRPC controller of the reporting service (the kit adds health and metrics). */
export const REPORTING_CONTROLLERS: readonly Type[] = [OpenReportingHttpController, OpenReportingGrpcController, GetReportingHttpController, GetReportingGrpcController];
