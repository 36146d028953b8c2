import { TenantId } from '@collections/shared-kernel';
import { HttpDebtBalances, parseOfferRequest, parsePublishPolicyRequest, startNegotiationService, type NegotiationService } from '@collections/negotiation-service';
import type { EmbeddedRunningService, EmbeddedServiceEnvironment } from './services';

/**
 * The negotiation service in embedded mode: a debt's balance as of the offer date is
 * read from the debtors service's API; its agreements reach debtors (and through them
 * contacts) over the shared log; its deadlines are polled every 5 seconds.
 */
export async function startEmbeddedNegotiation(environment: EmbeddedServiceEnvironment): Promise<EmbeddedRunningService & { readonly service: NegotiationService }> {
  const service = await startNegotiationService({
    database: environment.database,
    verifier: environment.verifier,
    masterKey: environment.masterKey,
    messaging: { kind: 'embedded' },
    singleConnection: true,
    http: { host: environment.host, port: environment.port('NEGOTIATION_HTTP_PORT', 3002) },
    grpc: { host: environment.host, port: environment.port('NEGOTIATION_GRPC_PORT', 50053) },
    logLevel: environment.logLevel,
    balances: new HttpDebtBalances({ baseUrl: environment.debtorsUrl, token: (tenantId) => environment.serviceToken(tenantId) }),
    deadlines: { pollMs: 5_000 },
  });
  return { service, httpUrl: service.httpUrl, grpcUrl: service.grpcUrl, close: () => service.close() };
}

const brl = (amount: number) => ({ amount, currency: 'BRL' });

/** The demo tenant's policy: deeper discounts for older debts, agents alone up to 2% of the balance, Price table at 1.99% a month. */
export const DEMO_NEGOTIATION_POLICY = {
  offerValidityDays: 5,
  breakageToleranceDays: 5,
  rules: (
    [
      ['1-30', '0.20', 6],
      ['31-60', '0.40', 10],
      ['61-90', '0.50', 12],
      ['91-180', '0.60', 12],
      ['181-360', '0.80', 18],
      ['360+', '1', 24],
    ] as const
  ).map(([bucket, maxChargesDiscount, maxInstallments]) => ({
    bucket,
    segment: 'default',
    maxChargesDiscount,
    maxPrincipalDiscount: '0',
    agentDiscountLimit: '0.02',
    maxInstallments,
    minInstallment: brl(5_000),
    downPayment: { minRate: '0.10', minAmount: brl(5_000) },
    monthlyInterestRate: '0.0199',
  })),
};

/**
 * The demo tenant's policy, and one offer accepted on a demo debt so that an agreement is
 * in progress, through the use cases (idempotency keys make it once). Returns what it did.
 */
export async function loadNegotiationDemo(service: NegotiationService, tenantId: string, debtId: string, today: string): Promise<string> {
  const principal = { subject: 'system:demo-loader', tenantId: TenantId.parse(tenantId), roles: ['supervisor' as const] };
  const { useCases } = service;
  const policy = await useCases.publishPolicy.execute({ principal, idempotencyKey: 'demo-negotiation-policy-1' }, parsePublishPolicyRequest(DEMO_NEGOTIATION_POLICY));
  if (policy.kind !== 'done') throw new Error(`demo policy refused: ${policy.detail}`);
  const firstDueDate = new Date(Date.parse(`${today}T12:00:00Z`) + 10 * 86_400_000).toISOString().slice(0, 10);
  const offer = await useCases.makeOffer.execute(
    { principal, idempotencyKey: `demo-offer-${debtId}` },
    parseOfferRequest(debtId, { kind: 'installments', count: 6, firstDueDate }),
  );
  if (offer.kind !== 'done') return `no demo agreement (${offer.kind === 'refused' ? offer.code : 'debt not found'}: ${offer.detail})`;
  const agreement = await useCases.acceptOffer.execute({ principal, idempotencyKey: `demo-accept-${debtId}` }, offer.value.offerId!);
  if (agreement.kind !== 'done') return `no demo agreement (${agreement.kind === 'refused' ? agreement.code : 'not found'}: ${agreement.detail})`;
  const a = agreement.value;
  return `agreement ${a.agreementId} ${a.status}: ${a.installments.length} installments, R$ ${(a.total.amount / 100).toFixed(2)} (GET /agreements/${a.agreementId})`;
}
