import { PGlite } from '@electric-sql/pglite';
import { servePglite, type ServedPglite } from '@collections/shared-event-store';
import { hostileBody, hostileValues, isProblemNaming, leaves } from '@collections/shared-testing';
import { startNegotiationWithDebtors, type Backend, type NegotiationKit } from './negotiation-with-debtors';

/** Where the services run: server mode (PostgreSQL), and embedded mode (PGlite behind its session guard). */
const BACKENDS: [string, () => Promise<{ backend: Backend; stop(): Promise<void> }>][] = [
  ['server mode: PostgreSQL', async () => ({ backend: {}, stop: async () => undefined })],
  [
    'embedded mode: PGlite',
    async () => {
      const db = new PGlite();
      const served: ServedPglite = await servePglite(db);
      return {
        backend: { database: served.database, singleConnection: true },
        async stop() {
          await served.stop();
          await db.close();
        },
      };
    },
  ],
];

const brl = (amount: number) => ({ amount, currency: 'BRL' });
/** One rule: the sweep replaces each leaf in turn, so fewer leaves keep it short without skipping a field kind. */
const policy = () => ({
  offerValidityDays: 5,
  breakageToleranceDays: 5,
  renegotiationLimit: 1,
  affordabilityIncomeShare: '0.30',
  overIndebtedness: { maxMonths: 60, minimumIncomeKept: brl(60_000) },
  rules: [
    {
      bucket: '31-60',
      segment: 'default',
      maxChargesDiscount: '0.80',
      maxPrincipalDiscount: '0',
      agentDiscountLimit: '0.01',
      maxInstallments: 12,
      minInstallment: brl(5_000),
      downPayment: { minRate: '0', minAmount: brl(0) },
      monthlyInterestRate: '0.0199',
      amortization: 'price',
    },
  ],
});
const offer = () => ({ kind: 'installments', count: 3, firstDueDate: '2026-03-10', downPayment: brl(0), discount: brl(0), declaredIncome: brl(1_000_000), segment: 'default' });

/**
 * Every negotiation route against hostile input: NUL bytes, lone surrogates, nesting
 * thousands deep, numbers past 2^53, dates outside 0001-9999, ids that are not ids,
 * another tenant's ids, a retry after a refusal. The answer is a 4xx problem naming the
 * field (never a 5xx, nothing about the other tenant), and the service still writes afterwards.
 */
describe.each(BACKENDS)('negotiation REST under hostile input and a second tenant (%s)', (_name, start) => {
  let kit: NegotiationKit;
  let stopBackend: () => Promise<void>;
  let token: string;
  let other: string;
  let debtId: string;
  let debtorId: string;
  let siblingDebtId: string;
  let agreedDebtId: string;
  let offerId: string;
  let agreementId: string;
  let sequence = 0;
  const key = (): string => `neg-hostile-${process.pid}-${++sequence}`;

  beforeAll(async () => {
    const started = await start();
    stopBackend = started.stop;
    kit = await startNegotiationWithDebtors('negotiation_hostile', undefined, started.backend);
    token = await kit.token('hostile-a', 'integrator', 'agent', 'supervisor', 'admin', 'auditor');
    other = await kit.token('hostile-b', 'integrator', 'agent', 'supervisor', 'admin', 'auditor');
    expect((await kit.call('PUT', '/policy', { token, idempotencyKey: key(), body: policy() })).status).toBe(200);
    expect((await kit.call('PUT', '/policy', { token: other, idempotencyKey: key(), body: policy() })).status).toBe(200);
    ({ debtId, debtorId } = await kit.registerDebt(token));
    const sibling = await kit.debtorsCall('POST', '/debts', {
      token,
      idempotencyKey: key(),
      body: { debtorId, contractReference: 'HOSTILE-SIBLING', originalAmount: { amount: 50_000, currency: 'BRL' }, dueDate: '2026-01-10', lateFeeRate: '0.02' },
    });
    siblingDebtId = sibling.body.debtId;
    agreedDebtId = (await kit.registerDebt(token)).debtId;
    const made = await kit.call('POST', `/debts/${agreedDebtId}/offers`, { token, idempotencyKey: key(), body: offer() });
    expect(made.status).toBe(201);
    offerId = made.body.offerId;
    const accepted = await kit.call('POST', `/offers/${offerId}/accept`, { token, idempotencyKey: key() });
    expect(accepted.status).toBe(201);
    agreementId = accepted.body.agreementId;
  });
  afterAll(async () => {
    await kit?.close();
    await stopBackend?.();
  });

  const writes = (): [string, string, Record<string, unknown>][] => [
    ['PUT', '/policy', policy()],
    ['POST', `/debts/${debtId}/offers/simulate`, offer()],
    ['POST', `/debts/${debtId}/offers`, offer()],
    ['POST', `/offers/${offerId}/reject`, { reason: 'desconto alto' }],
    ['POST', `/agreements/${agreementId}/cancel`, { cancelledBy: 'creditor', reason: 'dívida cedida' }],
    ['POST', `/agreements/${agreementId}/early-settlement`, { validUntil: '2026-03-05' }],
    ['POST', '/self-service/links', { debtorId, debtIds: [debtId], ttlHours: 24 }],
    ['POST', `/debts/${debtId}/offers/simulate`, { ...offer(), alsoDebtIds: [siblingDebtId] }],
  ];

  it('answers a hostile value in any field of any write with a 4xx problem naming it, and still writes afterwards', async () => {
    const failures: string[] = [];
    for (const [method, url, valid] of writes()) {
      for (const leaf of leaves(valid)) {
        for (const hostile of hostileValues(leaf.value)) {
          const rawBody = hostileBody(valid, leaf.path, hostile);
          const response = await kit.call(method, url, { token, idempotencyKey: key(), rawBody });
          if (!isProblemNaming(response, leaf.path.at(-1))) failures.push(`${method} ${url} ${leaf.path.join('.')} ${hostile.label}: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect((await kit.call('PUT', '/policy', { token, idempotencyKey: key(), body: policy() })).status).toBe(200);
    expect((await kit.call('POST', `/debts/${debtId}/offers`, { token, idempotencyKey: key(), body: offer() })).status).toBe(201);
  });

  it("answers another tenant's ids and ids that are not ids with 404, the same as unknown ones, telling nothing of the other tenant", async () => {
    const failures: string[] = [];
    const foreign: [string, string, unknown?][] = [
      ['POST', `/debts/${debtId}/offers/simulate`, offer()],
      ['POST', `/debts/${debtId}/offers`, offer()],
      ['GET', `/offers/${offerId}`],
      ['POST', `/offers/${offerId}/approve`, {}],
      ['POST', `/offers/${offerId}/reject`, { reason: 'x' }],
      ['POST', `/offers/${offerId}/accept`],
      ['GET', `/agreements/${agreementId}`],
      ['POST', `/agreements/${agreementId}/cancel`, { cancelledBy: 'debtor', reason: 'x' }],
      ['POST', `/agreements/${agreementId}/early-settlement`, {}],
      ['POST', '/self-service/links', { debtorId, debtIds: [debtId] }],
    ];
    for (const [method, url, body] of foreign) {
      const response = await kit.call(method, url, { token: other, idempotencyKey: key(), ...(body !== undefined ? { body } : {}) });
      if (response.status !== 404 || JSON.stringify(response.body).includes('hostile-a')) failures.push(`${method} ${url}: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
    }
    for (const [method, url] of [
      ['GET', '/offers/not-an-id'],
      ['POST', `/debts/${encodeURIComponent('\u0000')}/offers/simulate`],
      ['GET', '/agreements/%ED%A0%80'],
      ['POST', '/offers/1e300/accept'],
      ['POST', `/agreements/${'9'.repeat(40)}/cancel`],
    ] as const) {
      const response = await kit.call(method, url, { token, idempotencyKey: key(), ...(method === 'POST' ? { body: offer() } : {}) });
      if (response.status < 400 || response.status >= 500) failures.push(`${method} ${url}: ${response.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('takes a retry after a refusal: the same key with a mended body is done once', async () => {
    const retryKey = key();
    const bad = await kit.call('POST', `/debts/${debtId}/offers`, { token, idempotencyKey: retryKey, body: { ...offer(), count: 0 } });
    expect(bad.status).toBe(400);
    const made = await kit.call('POST', `/debts/${debtId}/offers`, { token, idempotencyKey: retryKey, body: offer() });
    expect(made.status).toBe(201);
    const again = await kit.call('POST', `/debts/${debtId}/offers`, { token, idempotencyKey: retryKey, body: offer() });
    expect(again.status).toBe(201);
    expect(again.body.offerId).toBe(made.body.offerId);
  });
});
