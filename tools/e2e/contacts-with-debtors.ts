import { startServiceForTest, type TestService, type TestServiceEnvironment } from '@collections/shared-service-kit-testing';
import { startDebtorsService, type DebtorsService } from '@collections/debtors-service';
import { HttpDebtorDirectory, startContactsService, type ContactsService, type ContactsServiceOptions } from '@collections/contacts-service';
import type { PoolConfig } from 'pg';
import { httpCall, type HttpCallOptions } from '@collections/shared-testing';

export interface ContactsWithDebtors {
  readonly httpUrl: string;
  readonly debtors: DebtorsService;
  readonly contacts: ContactsService;
  close(): Promise<void>;
}

/**
 * The debtors and contacts services on one test database (as `npm start` runs them),
 * the contacts service reading debtors' events through the embedded transport and the
 * debtors' public API as its directory. Calls go to contacts; `debtors(...)` to debtors.
 */
/** Where both run: the test database of the kit, or (embedded mode) a PGlite served over the wire protocol. */
export interface Backend {
  readonly database?: PoolConfig;
  readonly singleConnection?: boolean;
}

export async function startContactsWithDebtors(
  label: string,
  configure: (env: TestServiceEnvironment) => Pick<ContactsServiceOptions, 'senders' | 'webhooks' | 'dialer' | 'caps' | 'selfServiceLinks'>,
  now = '2026-03-02T12:00:00.000Z',
  backend: Backend = {},
): Promise<TestService<ContactsWithDebtors> & { debtorsCall: TestService<ContactsWithDebtors>['call'] }> {
  // the directory's calls carry a token minted, like the test's, by the dev key both services trust
  let kit: TestService<ContactsWithDebtors> | undefined = undefined;
  kit = await startServiceForTest<ContactsWithDebtors>(
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
      const contacts = await startContactsService({
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
        directory: new HttpDebtorDirectory({
          baseUrl: debtors.httpUrl,
          token: (tenantId) => kit!.token(tenantId, 'integrator'),
        }),
        ...configure(env),
        scheduler: false,
      });
      return {
        httpUrl: contacts.httpUrl,
        debtors,
        contacts,
        async close() {
          await contacts.close();
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
