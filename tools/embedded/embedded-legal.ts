import { TenantId } from '@collections/shared-kernel';
import { BUREAUS, type Bureau } from '@collections/legal-domain';
import {
  HttpBureauGateway,
  HttpDebtDirectory,
  HttpNotaryGateway,
  parseSetEscalationPolicyRequest,
  startFakeBureaus,
  startFakeNotary,
  startLegalService,
  type BureauGateway,
  type FakeBureauServer,
  type LegalService,
} from '@collections/legal-service';
import type { EmbeddedRunningService, EmbeddedServiceEnvironment } from './services';

/**
 * The legal service in embedded mode. No real bureau is reachable from a laptop: Serasa,
 * SPC and Boa Vista are local fake servers (the HTTP shapes of docs/legal.md) started here,
 * each recording what it is sent and answering a protocol, and so is the notaries' central
 * (CENPROT) for protests. Say so at start-up.
 */
export async function startEmbeddedLegal(
  environment: EmbeddedServiceEnvironment,
  ports: { readonly http: number; readonly grpc: number },
): Promise<EmbeddedRunningService & { readonly service: LegalService; readonly fakes: Record<Bureau, FakeBureauServer> }> {
  const fakes = await startFakeBureaus(environment.host);
  const notary = await startFakeNotary(environment.host);
  const bureaus: Partial<Record<Bureau, BureauGateway>> = {};
  for (const bureau of BUREAUS) bureaus[bureau] = new HttpBureauGateway(bureau, { baseUrl: fakes[bureau].url, timeoutMs: 2_000 });
  const service = await startLegalService({
    database: environment.database,
    verifier: environment.verifier,
    masterKey: environment.masterKey,
    messaging: { kind: 'embedded' },
    singleConnection: true,
    http: { host: environment.host, port: ports.http },
    grpc: { host: environment.host, port: ports.grpc },
    logLevel: environment.logLevel,
    directory: new HttpDebtDirectory({ baseUrl: environment.debtorsUrl, token: (tenantId, role) => environment.serviceToken(tenantId, role) }),
    bureaus,
    notary: new HttpNotaryGateway({ baseUrl: notary.url, timeoutMs: 2_000 }),
    scheduler: { pollMs: 5_000 },
  });
  environment.log(`  legal: the bureaus are local fakes (Serasa ${fakes.serasa.url}, SPC ${fakes.spc.url}, Boa Vista ${fakes.boavista.url}) and so is the notaries' central (CENPROT ${notary.url}): they record requests and answer protocols`);
  return {
    service,
    fakes,
    httpUrl: service.httpUrl,
    grpcUrl: service.grpcUrl,
    async close() {
      await service.close();
      await Promise.all([...BUREAUS.map((b) => fakes[b].close()), notary.close()]);
    },
  };
}

/** The demo tenant's escalation policy (the defaults: 60 days past due, 10 days of notice), through its use case; the same terms again record nothing. */
export async function loadLegalDemo(service: LegalService, tenantId: string): Promise<void> {
  const principal = { subject: 'system:demo-loader', tenantId: TenantId.parse(tenantId), roles: ['admin' as const] };
  const set = await service.useCases.setEscalationPolicy.execute({ principal, idempotencyKey: 'demo-escalation-policy-1' }, parseSetEscalationPolicyRequest({ triggerDaysPastDue: 60, noticePeriodDays: 10, removeOn: 'payment', calendarState: 'SP' }));
  if (set.kind !== 'done') throw new Error(`demo escalation policy refused: ${set.detail}`);
}

/** Runs the legal scheduler once the demo debts' overdue facts reached it, and says how many notices it requested. */
export async function runLegalDemo(service: LegalService, tenantId: string): Promise<string> {
  const driver = service.store.driver;
  const deadline = Date.now() + 15_000;
  for (;;) {
    const [row] = await driver.query<{ n: string }>("SELECT count(*) AS n FROM es_events WHERE stream_id LIKE 'escalation-%' AND tenant_id = $1 AND event_type = 'EscalationDebtFactObserved' AND data->'fact'->>'kind' = 'overdue'", [tenantId]);
    if (Number(row?.n ?? 0) > 0 || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await service.scheduler.runDue();
  const [notices] = await driver.query<{ n: string }>("SELECT count(*) AS n FROM es_events WHERE stream_id LIKE 'escalation-%' AND tenant_id = $1 AND event_type = 'EscalationNoticeRequested'", [tenantId]);
  return `${notices?.n ?? 0} prior notice(s) requested (PriorNoticeRequested v1 on collections.legal.events.v1)`;
}
