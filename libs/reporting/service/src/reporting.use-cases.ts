import type { Provider, Type } from '@nestjs/common';
import { AsyncApiHttpController } from './asyncapi/asyncapi.http.controller';
import { DashboardHttpController } from './dashboard/dashboard.http.controller';
import { ExportCsvHttpController } from './exports/export-csv/export-csv.http.controller';
import { ExportParquetHttpController } from './exports/export-parquet/export-parquet.http.controller';
import { ChannelCostsHttpController } from './channel-costs/channel-costs.http.controller';
import { GetChannelCostsHandler, SetChannelCostsHandler } from './channel-costs/channel-costs';
import { GetAgentsGrpcController } from './kpis/get-agents/get-agents.grpc.controller';
import { GetAgentsHandler } from './kpis/get-agents/get-agents.handler';
import { GetAgentsHttpController } from './kpis/get-agents/get-agents.http.controller';
import { GetLegalSlaGrpcController } from './kpis/get-legal-sla/get-legal-sla.grpc.controller';
import { GetSatisfactionGrpcController } from './kpis/get-satisfaction/get-satisfaction.grpc.controller';
import { GetSatisfactionHandler } from './kpis/get-satisfaction/get-satisfaction.handler';
import { GetSatisfactionHttpController } from './kpis/get-satisfaction/get-satisfaction.http.controller';
import { GetLegalSlaHandler } from './kpis/get-legal-sla/get-legal-sla.handler';
import { GetLegalSlaHttpController } from './kpis/get-legal-sla/get-legal-sla.http.controller';
import { GetAgreementsHandler } from './kpis/get-agreements/get-agreements.handler';
import { GetAgreementsHttpController } from './kpis/get-agreements/get-agreements.http.controller';
import { GetContactAttemptsHandler } from './kpis/get-contact-attempts/get-contact-attempts.handler';
import { GetContactAttemptsHttpController } from './kpis/get-contact-attempts/get-contact-attempts.http.controller';
import { GetPortfolioGrpcController } from './kpis/get-portfolio/get-portfolio.grpc.controller';
import { GetPortfolioHandler } from './kpis/get-portfolio/get-portfolio.handler';
import { GetPortfolioHttpController } from './kpis/get-portfolio/get-portfolio.http.controller';
import { GetPromisesHandler } from './kpis/get-promises/get-promises.handler';
import { GetPromisesHttpController } from './kpis/get-promises/get-promises.http.controller';
import { GetRecoveryGrpcController } from './kpis/get-recovery/get-recovery.grpc.controller';
import { GetRecoveryHandler } from './kpis/get-recovery/get-recovery.handler';
import { GetRecoveryHttpController } from './kpis/get-recovery/get-recovery.http.controller';
import { RebuildReadModelsHttpController } from './rebuild/rebuild-read-models/rebuild-read-models.http.controller';
import { Clock } from './shared/clock.token';
import { ReportingDepsToken } from './shared/deps.token';
import type { ReportingDeps } from './shared/reporting-deps';
import { GetDebtTimelineHttpController } from './timeline/get-debt-timeline/get-debt-timeline.http.controller';

/** Every use case of the reporting service, one handler each. */
export interface ReportingUseCases {
  readonly portfolio: GetPortfolioHandler;
  readonly recovery: GetRecoveryHandler;
  readonly contactAttempts: GetContactAttemptsHandler;
  readonly promises: GetPromisesHandler;
  readonly agreements: GetAgreementsHandler;
  readonly agents: GetAgentsHandler;
  readonly legalSla: GetLegalSlaHandler;
  readonly satisfaction: GetSatisfactionHandler;
  readonly setChannelCosts: SetChannelCostsHandler;
  readonly channelCosts: GetChannelCostsHandler;
}

export function reportingUseCases(deps: ReportingDeps): ReportingUseCases {
  return {
    portfolio: new GetPortfolioHandler(deps),
    recovery: new GetRecoveryHandler(deps),
    contactAttempts: new GetContactAttemptsHandler(deps),
    promises: new GetPromisesHandler(deps),
    agreements: new GetAgreementsHandler(deps),
    agents: new GetAgentsHandler(deps),
    legalSla: new GetLegalSlaHandler(deps),
    satisfaction: new GetSatisfactionHandler(deps),
    setChannelCosts: new SetChannelCostsHandler(deps),
    channelCosts: new GetChannelCostsHandler(deps),
  };
}

/** Each handler as a Nest provider under its class, and the deps and clock the other controllers read. */
export function reportingUseCaseProviders(useCases: ReportingUseCases, deps: ReportingDeps): Provider[] {
  return [
    ...Object.values(useCases).map((handler: object) => ({ provide: handler.constructor, useValue: handler })),
    { provide: ReportingDepsToken, useValue: deps },
    { provide: Clock, useValue: deps.clock },
  ];
}

/** Every REST and gRPC controller of the reporting service (the kit adds health and metrics). */
export const REPORTING_CONTROLLERS: readonly Type[] = [
  GetPortfolioHttpController,
  GetPortfolioGrpcController,
  GetRecoveryHttpController,
  GetRecoveryGrpcController,
  GetContactAttemptsHttpController,
  GetPromisesHttpController,
  GetAgreementsHttpController,
  GetAgentsHttpController,
  GetAgentsGrpcController,
  GetLegalSlaHttpController,
  GetLegalSlaGrpcController,
  GetSatisfactionHttpController,
  GetSatisfactionGrpcController,
  ChannelCostsHttpController,
  GetDebtTimelineHttpController,
  RebuildReadModelsHttpController,
  ExportCsvHttpController,
  ExportParquetHttpController,
  DashboardHttpController,
  AsyncApiHttpController,
];
