import { parsePeriodRequest, startReportingService, type ReportingService } from '@collections/reporting-service';
import { TenantId } from '@collections/shared-kernel';
import type { EmbeddedRunningService, EmbeddedServiceEnvironment } from './services';

/** The reporting service in embedded mode: it reads every context's events from the shared log (the embedded transport). */
export async function startEmbeddedReporting(environment: EmbeddedServiceEnvironment, ports: { readonly http: number; readonly grpc: number }): Promise<EmbeddedRunningService & { readonly service: ReportingService }> {
  const service = await startReportingService({
    database: environment.database,
    verifier: environment.verifier,
    masterKey: environment.masterKey,
    messaging: { kind: 'embedded' },
    singleConnection: true,
    http: { host: environment.host, port: ports.http },
    grpc: { host: environment.host, port: ports.grpc },
    logLevel: environment.logLevel,
  });
  return { service, httpUrl: service.httpUrl, grpcUrl: service.grpcUrl, close: () => service.close() };
}

/**
 * The reporting demo is the other demos' events: once the reporting consumer has caught up
 * with them (the count of events it received stops moving), what its portfolio says for
 * the demo tenant this year.
 */
export async function reportingDemoSummary(service: ReportingService, tenantId: string, timeoutMs = 15_000): Promise<string> {
  const received = () => service.eventsReceived();
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  for (let now = await received(); now !== last && Date.now() < deadline; now = await received()) {
    last = now;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const principal = { principal: { subject: 'system:demo', tenantId: TenantId.parse(tenantId), roles: ['supervisor' as const] } };
  const portfolio = await service.useCases.portfolio.execute(principal, parsePeriodRequest({}, { now: () => new Date() }));
  if (portfolio.kind !== 'done') return `${last} events received`;
  const brl = (centavos: number) => new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' }).format(centavos / 100);
  return `${last} events received; this year ${portfolio.value.placed.count} debts placed (${brl(portfolio.value.placed.amount)}), ${brl(portfolio.value.recovered.amount)} recovered, ${portfolio.value.open.count} open`;
}
