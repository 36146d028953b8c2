import { TenantId } from '@collections/shared-kernel';
import { HttpDebtorsLedger, brazilDate, parseIssueChargeRequest, parseSetSettingsRequest, startPaymentsService, type PaymentsService } from '@collections/payments-service';
import type { EmbeddedRunningService, EmbeddedServiceEnvironment } from './services';

/** The demo tenant's PSP webhook secret: printed at start so a newcomer can sign a PIX notification. */
export const DEMO_WEBHOOK_SECRET = 'demo-credor-pix-webhook-secret-0123456789';
export const DEMO_PAYMENTS_SETTINGS = {
  pix: { key: '11.222.333/0001-81', merchantName: 'Credor Demonstracao', merchantCity: 'Sao Paulo', locationBaseUrl: 'pix.psp-demo.example/qr/v2' },
  boleto: { bankCode: '001', convenio: '1234567', carteira: '17', beneficiaryName: 'Credor Demonstração S.A.', beneficiaryTaxId: '11.222.333/0001-81' },
  webhookSecret: DEMO_WEBHOOK_SECRET,
};
/** The demo's PIX payment: an endToEndId of its own (32 letters and digits). */
export const DEMO_END_TO_END_ID = 'E00000000202600000000DEMO0000001';

/** The payments service in embedded mode: the debts' balances come from the debtors service's API. */
export async function startEmbeddedPayments(environment: EmbeddedServiceEnvironment, ports: { readonly http: number; readonly grpc: number }): Promise<EmbeddedRunningService & { readonly service: PaymentsService }> {
  const service = await startPaymentsService({
    database: environment.database,
    verifier: environment.verifier,
    masterKey: environment.masterKey,
    messaging: { kind: 'embedded' },
    singleConnection: true,
    http: { host: environment.host, port: ports.http },
    grpc: { host: environment.host, port: ports.grpc },
    logLevel: environment.logLevel,
    ledger: new HttpDebtorsLedger({ baseUrl: environment.debtorsUrl, token: (tenantId) => environment.serviceToken(tenantId) }),
  });
  return { service, httpUrl: service.httpUrl, grpcUrl: service.grpcUrl, close: () => service.close() };
}

/**
 * The demo tenant's PIX receiver and bank agreement, a charge on the first demo debt and a
 * PIX payment of R$ 300,00 on it, through the use cases: the charge's Idempotency-Key and
 * the payment's endToEndId make it once. Says what it did.
 */
export async function loadPaymentsDemo(service: PaymentsService, tenantId: string, debtId: string | undefined): Promise<string> {
  const principal = { subject: 'system:demo-loader', tenantId: TenantId.parse(tenantId), roles: ['supervisor' as const, 'integrator' as const] };
  const { useCases } = service;
  const existing = await useCases.getPayment.execute({ principal }, `pix-${DEMO_END_TO_END_ID}`);
  if (existing.kind === 'done') return `charge ${existing.value.chargeId ?? '(none)'} paid by ${existing.value.paymentId} before`;
  if (!debtId) return 'no demo debt to charge';
  await useCases.setSettings.execute({ principal }, parseSetSettingsRequest(DEMO_PAYMENTS_SETTINGS));
  const today = brazilDate(new Date());
  const dueDate = brazilDate(new Date(Date.now() + 5 * 86_400_000));
  const charge = await useCases.issueCharge.execute({ principal, idempotencyKey: 'demo-charge-1' }, parseIssueChargeRequest({ debtIds: [debtId], dueDate }, today), today);
  if (charge.kind !== 'done') throw new Error(`demo charge refused: ${charge.detail}`);
  const paid = await useCases.pixWebhook.execute(tenantId, [{ endToEndId: DEMO_END_TO_END_ID, txid: charge.value.txid, amount: { amount: 30_000, currency: 'BRL' }, paidOn: today }]);
  if (paid.kind !== 'done') throw new Error(`demo payment refused: ${paid.detail}`);
  return `charge ${charge.value.chargeId} (PIX and boleto) on debt ${debtId}, paid R$ 300,00 by pix-${DEMO_END_TO_END_ID}`;
}
