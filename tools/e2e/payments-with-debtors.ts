import { createHmac } from 'node:crypto';
import type { PoolConfig } from 'pg';
import { startServiceForTest, type TestService } from '@collections/shared-service-kit-testing';
import { startDebtorsService, type DebtorsService } from '@collections/debtors-service';
import { HttpDebtorsLedger, startPaymentsService, type PaymentsService } from '@collections/payments-service';
import { httpCall, type HttpCallOptions } from '@collections/shared-testing';

export interface PaymentsWithDebtors {
  readonly httpUrl: string;
  readonly debtors: DebtorsService;
  readonly payments: PaymentsService;
  close(): Promise<void>;
}

/** Where both run: the test database of the kit, or (embedded mode) a PGlite served over the wire protocol. */
export interface Backend {
  readonly database?: PoolConfig;
  readonly singleConnection?: boolean;
}

/**
 * The debtors and payments services on one test database (as `npm start` runs them): the
 * debtors service records the payments' PaymentAllocated through the embedded transport, and
 * the payments service reads debts' balances through the debtors' public API. Calls go to
 * payments; `debtorsCall(...)` to debtors.
 */
export async function startPaymentsWithDebtors(
  label: string,
  now = '2026-03-02T12:00:00.000Z',
  backend: Backend = {},
): Promise<TestService<PaymentsWithDebtors> & { debtorsCall: TestService<PaymentsWithDebtors>['call'] }> {
  // the ledger's calls carry a token minted, like the test's, by the dev key both services trust
  let kit: TestService<PaymentsWithDebtors> | undefined = undefined;
  kit = await startServiceForTest<PaymentsWithDebtors>(
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
      const payments = await startPaymentsService({
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
        ledger: new HttpDebtorsLedger({ baseUrl: debtors.httpUrl, token: (tenantId) => kit!.token(tenantId, 'integrator') }),
        expiry: false,
      });
      return {
        httpUrl: payments.httpUrl,
        debtors,
        payments,
        async close() {
          await payments.close();
          await debtors.close();
        },
      };
    },
    { now },
  );
  const started = kit;
  return Object.assign(started, {
    debtorsCall: (method: string, url: string, options: HttpCallOptions = {}) => httpCall(started.service.debtors.httpUrl, method, url, options),
  });
}

/** A PSP's PIX notification body and its signature with the tenant's secret, as the webhook expects them. */
export function signedPixNotice(secret: string, pix: readonly { endToEndId: string; txid?: string; valor: string; horario: string }[]): { rawBody: string; headers: Record<string, string> } {
  const rawBody = JSON.stringify({ pix });
  return { rawBody, headers: { 'x-webhook-signature': createHmac('sha256', secret).update(rawBody).digest('hex') } };
}

/** A PIX endToEndId: E, the payer PSP's ISPB (8), yyyyMMddHHmm, 11 letters and digits. */
export function endToEndId(n: number): string {
  return `E00000000202603021200${String(n).padStart(11, '0')}`;
}
