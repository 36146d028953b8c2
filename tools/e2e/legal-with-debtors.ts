import type { PoolConfig } from 'pg';
import { startServiceForTest, type TestService } from '@collections/shared-service-kit-testing';
import { startDebtorsService, type DebtorsService } from '@collections/debtors-service';
import { BUREAUS, type Bureau } from '@collections/legal-domain';
import { HttpBureauGateway, HttpDebtDirectory, HttpNotaryGateway, startFakeBureaus, startFakeNotary, startLegalService, type BureauGateway, type FakeBureauServer, type LegalService } from '@collections/legal-service';
import { httpCall, type HttpCallOptions } from '@collections/shared-testing';

export interface LegalWithDebtors {
  readonly httpUrl: string;
  readonly debtors: DebtorsService;
  readonly legal: LegalService;
  close(): Promise<void>;
}

export interface Backend {
  readonly database?: PoolConfig;
  readonly singleConnection?: boolean;
}

/**
 * The debtors and legal services on one test database (as `npm start` runs them), legal
 * reading debtors' events (and contacts' notice proofs) through the embedded transport and
 * the debtors' public API as its directory, with the three bureaus as local fake servers
 * (they outlive a restart, as real bureaus would). Calls go to legal; `debtorsCall` to debtors.
 */
export async function startLegalWithDebtors(
  label: string,
  now = '2026-03-02T12:00:00.000Z',
  backend: Backend = {},
): Promise<TestService<LegalWithDebtors> & { debtorsCall: TestService<LegalWithDebtors>['call']; fakes: Record<Bureau, FakeBureauServer>; notary: FakeBureauServer; closeFakes(): Promise<void> }> {
  const fakes = await startFakeBureaus();
  const notary = await startFakeNotary();
  let kit: TestService<LegalWithDebtors> | undefined = undefined;
  kit = await startServiceForTest<LegalWithDebtors>(
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
      const bureaus: Partial<Record<Bureau, BureauGateway>> = {};
      for (const bureau of BUREAUS) bureaus[bureau] = new HttpBureauGateway(bureau, { baseUrl: fakes[bureau].url, timeoutMs: 300, backoffMs: 10 });
      const legal = await startLegalService({
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
        directory: new HttpDebtDirectory({ baseUrl: debtors.httpUrl, token: (tenantId, role) => kit!.token(tenantId, role) }),
        bureaus,
        notary: new HttpNotaryGateway({ baseUrl: notary.url, timeoutMs: 300, backoffMs: 10 }),
        scheduler: false,
      });
      return {
        httpUrl: legal.httpUrl,
        debtors,
        legal,
        async close() {
          await legal.close();
          await debtors.close();
        },
      };
    },
    { now },
  );
  const started = kit;
  return Object.assign(started, {
    fakes,
    notary,
    debtorsCall: (method: string, url: string, options: HttpCallOptions = {}) => httpCall(started.service.debtors.httpUrl, method, url, options),
    closeFakes: async () => {
      await Promise.all([...BUREAUS.map((b) => fakes[b].close()), notary.close()]);
    },
  });
}
