import { randomBytes, randomUUID } from 'node:crypto';
import type { PoolConfig } from 'pg';
import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { ExpectedVersion } from '@collections/shared-event-store';
import { startServiceForTest, type TestService } from '@collections/shared-service-kit-testing';
import { startDebtorsService, type DebtorsService } from '@collections/debtors-service';
import { HttpDebtBalances, startNegotiationService, type NegotiationService } from '@collections/negotiation-service';
import { httpCall, type HttpCallOptions } from '@collections/shared-testing';

export interface NegotiationWithDebtors {
  readonly httpUrl: string;
  readonly grpcUrl: string | undefined;
  readonly debtors: DebtorsService;
  readonly negotiation: NegotiationService;
  close(): Promise<void>;
}

/** Where both run: the test database of the kit, or (embedded mode) a PGlite served over the wire protocol. */
export interface Backend {
  readonly database?: PoolConfig;
  readonly singleConnection?: boolean;
}

export type NegotiationKit = TestService<NegotiationWithDebtors> & {
  debtorsCall: TestService<NegotiationWithDebtors>['call'];
  /** A debtor and an overdue debt registered in the debtors service (through its API); the debt's id. */
  registerDebt(token: string, body?: { amount?: number; dueDate?: string }): Promise<{ debtId: string; debtorId: string }>;
  /** The payments side of the protocol: its domain event appended to the shared log, as payments would (the embedded transport delivers it). */
  publishPayments(tenantId: string, type: 'ChargeIssued' | 'PaymentReceived', data: Record<string, unknown>): Promise<void>;
};

/**
 * The debtors and negotiation services on one test database (as `npm start` runs them):
 * negotiation reads a debt's balance as of a date through the debtors' public API, and
 * debtors reacts to negotiation's AgreementEntered/AgreementEnded through the embedded
 * transport. Calls go to negotiation; `debtorsCall(...)` to debtors. The deadlines are
 * driven by the test (`service.negotiation.deadlines.runDue()`).
 */
export async function startNegotiationWithDebtors(label: string, now = '2026-03-02T15:00:00.000Z', backend: Backend = {}): Promise<NegotiationKit> {
  let kit: TestService<NegotiationWithDebtors> | undefined = undefined;
  kit = await startServiceForTest<NegotiationWithDebtors>(
    label,
    async (env) => {
      const database = backend.database ?? env.database.config;
      const single = backend.singleConnection ? { singleConnection: true } : {};
      const debtors = await startDebtorsService({
        ...single,
        database,
        verifier: env.verifier,
        masterKey: env.masterKey,
        messaging: { kind: 'embedded' },
        http: { host: '127.0.0.1', port: 0 },
        grpc: false,
        clock: env.clock,
        logLevel: 'silent',
        log: () => undefined,
      });
      const negotiation = await startNegotiationService({
        ...single,
        database,
        verifier: env.verifier,
        masterKey: env.masterKey,
        messaging: { kind: 'embedded' },
        http: env.http,
        grpc: env.grpc,
        clock: env.clock,
        logLevel: 'silent',
        log: () => undefined,
        balances: new HttpDebtBalances({ baseUrl: debtors.httpUrl, token: (tenantId) => kit!.token(tenantId, 'integrator') }),
        deadlines: false,
        selfService: { linkKey: randomBytes(32), publicUrl: () => negotiation.httpUrl },
      });
      return {
        httpUrl: negotiation.httpUrl,
        grpcUrl: negotiation.grpcUrl,
        debtors,
        negotiation,
        async close() {
          await negotiation.close();
          await debtors.close();
        },
      };
    },
    { now },
  );
  const started = kit;
  const debtorsCall = (method: string, url: string, options: HttpCallOptions = {}) => httpCall(started.service.debtors.httpUrl, method, url, options);
  return Object.assign(started, {
    debtorsCall,
    async registerDebt(token: string, body: { amount?: number; dueDate?: string } = {}) {
      const debtor = await debtorsCall('POST', '/debtors', {
        token,
        idempotencyKey: `neg-debtor-${randomUUID()}`,
        body: { taxId: generateCpf(), name: 'Ana Lima', state: 'SP', timeZone: 'America/Sao_Paulo', contactPoints: [{ kind: 'email', value: 'ana@example.com', consent: 'granted' }] },
      });
      if (debtor.status !== 201) throw new Error(`debtor not registered: ${debtor.status} ${JSON.stringify(debtor.body)}`);
      const debt = await debtorsCall('POST', '/debts', {
        token,
        idempotencyKey: `neg-debt-${randomUUID()}`,
        body: { debtorId: debtor.body.debtorId, contractReference: `N-${randomUUID().slice(0, 8)}`, originalAmount: { amount: body.amount ?? 120_000, currency: 'BRL' }, dueDate: body.dueDate ?? '2026-01-10', lateFeeRate: '0.02' },
      });
      if (debt.status !== 201) throw new Error(`debt not registered: ${debt.status} ${JSON.stringify(debt.body)}`);
      return { debtId: debt.body.debtId as string, debtorId: debtor.body.debtorId as string };
    },
    async publishPayments(tenantId: string, type: 'ChargeIssued' | 'PaymentReceived', data: Record<string, unknown>) {
      await started.service.negotiation.store.appendToStream(`payment-${randomUUID()}`, [{ eventId: randomUUID(), type, data, metadata: { correlationId: `test-${type}` } }], {
        tenantId,
        expectedVersion: ExpectedVersion.noStream,
      });
    },
  });
}

/** A policy for every aging bucket of the default segment: 80% off charges, agents alone up to 5% of the balance, 12 installments of at least R$ 50. */
export const policyBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  offerValidityDays: 5,
  breakageToleranceDays: 5,
  rules: ['1-30', '31-60', '61-90', '91-180', '181-360', '360+'].map((bucket) => ({
    bucket,
    segment: 'default',
    maxChargesDiscount: '0.80',
    maxPrincipalDiscount: '0',
    agentDiscountLimit: '0.01',
    maxInstallments: 12,
    minInstallment: { amount: 5_000, currency: 'BRL' },
    downPayment: { minRate: '0', minAmount: { amount: 0, currency: 'BRL' } },
    monthlyInterestRate: '0.0199',
  })),
  ...overrides,
});
