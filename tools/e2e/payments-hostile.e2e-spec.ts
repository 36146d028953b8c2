import { createHmac } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { servePglite, type ServedPglite } from '@collections/shared-event-store';
import { hostileBody, hostileValues, isProblemNaming, leaves } from '@collections/shared-testing';
import { endToEndId, signedPixNotice, startPaymentsWithDebtors, type Backend } from './payments-with-debtors';

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

/**
 * Every payments route against hostile input: NUL bytes, lone surrogates, nesting thousands
 * deep, numbers past 2^53, dates outside 0001-9999, ids that are not ids, another tenant's
 * ids, a retry after a refusal. The answer is a 4xx problem naming the field (never a 5xx,
 * nothing about the other tenant), and the service still writes afterwards. The PIX
 * webhook's hostile bodies are signed, so they reach the parser.
 */
describe.each(BACKENDS)('payments REST under hostile input and a second tenant (%s)', (_name, start) => {
  let kit: Awaited<ReturnType<typeof startPaymentsWithDebtors>>;
  let stopBackend: () => Promise<void>;
  let token: string;
  let other: string;
  let debtId: string;
  let chargeId: string;
  let paymentId: string;
  let parkedId: string;
  let sequence = 0;
  const key = (): string => `payments-hostile-${process.pid}-${++sequence}`;
  const TENANT = 'hostile-a';
  const SECRET = 'whsec-hostile-a-0123456789abcdef0123456789ab';
  const CARD_SECRET = 'cardsec-hostile-a-0123456789abcdef0123456789';
  const settings = () => ({
    pix: { key: 'pix@hostile-a.example', merchantName: 'Credor Hostil', merchantCity: 'Sao Paulo', locationBaseUrl: 'pix.hostil.example/qr' },
    boleto: { bankCode: '001', convenio: '1234567', carteira: '17', beneficiaryName: 'Credor Hostil S.A.', beneficiaryTaxId: '11.222.333/0001-81' },
    webhookSecret: SECRET,
    cardWebhookSecret: CARD_SECRET,
  });

  beforeAll(async () => {
    const started = await start();
    stopBackend = started.stop;
    kit = await startPaymentsWithDebtors('payments_hostile', undefined, started.backend);
    token = await kit.token(TENANT, 'integrator', 'agent', 'supervisor', 'admin', 'auditor');
    other = await kit.token('hostile-b', 'integrator', 'agent', 'supervisor', 'admin', 'auditor');
    expect((await kit.call('PUT', '/settings', { token, body: settings() })).status).toBe(200);
    expect((await kit.call('PUT', '/settings', { token: other, body: { ...settings(), webhookSecret: 'whsec-hostile-b-0123456789abcdef0123456789ab' } })).status).toBe(200);
    const debtor = await kit.debtorsCall('POST', '/debtors', { token, idempotencyKey: key(), body: { taxId: generateCpf(), name: 'Ana Lima', state: 'SP', timeZone: 'America/Sao_Paulo', contactPoints: [] } });
    const debt = await kit.debtorsCall('POST', '/debts', { token, idempotencyKey: key(), body: { debtorId: debtor.body.debtorId, contractReference: 'H-1', originalAmount: { amount: 1_000_000, currency: 'BRL' }, dueDate: '2026-02-20', lateFeeRate: '0.02' } });
    debtId = debt.body.debtId;
    const charge = await kit.call('POST', '/charges', { token, idempotencyKey: key(), body: { debtIds: [debtId], amount: { amount: 10_000, currency: 'BRL' }, dueDate: '2026-03-10' } });
    expect(charge.status).toBe(201);
    chargeId = charge.body.chargeId;
    const paid = await kit.call('POST', '/payments', { token, idempotencyKey: key(), body: { method: 'ted', reference: 'H-TED-1', amount: { amount: 1_000, currency: 'BRL' }, paidOn: '2026-03-02', chargeId } });
    expect(paid.status).toBe(201);
    paymentId = paid.body.paymentId;
    const parked = await kit.call('POST', '/payments', { token, idempotencyKey: key(), body: { method: 'manual', reference: 'H-PARKED-1', amount: { amount: 500, currency: 'BRL' }, paidOn: '2026-03-02' } });
    parkedId = parked.body.paymentId;
  });
  afterAll(async () => {
    await kit?.close();
    await stopBackend?.();
  });

  const writes = (): [string, string, Record<string, unknown>][] => [
    ['PUT', '/settings', settings()],
    ['POST', '/charges', { debtIds: [debtId], agreementId: '0192f6a0-0000-7000-8000-00000000e001', installment: 1, amount: { amount: 100, currency: 'BRL' }, dueDate: '2026-03-10' }],
    ['POST', `/charges/${chargeId}/cancel`, { reason: 'requested' }],
    ['POST', '/boletos/validate', { line: '00190000090114971860168524522114675860000102656' }],
    ['POST', '/payments', { method: 'ted', reference: 'H-TED-2', amount: { amount: 100, currency: 'BRL' }, paidOn: '2026-03-02', chargeId }],
    ['POST', `/payments/${paymentId}/reversal`, { kind: 'reversal', reason: 'devolvido', reversedOn: '2026-03-02' }],
    ['POST', '/reconciliation/files', { content: '0'.repeat(240) }],
    ['POST', `/reconciliation/unmatched/${parkedId}/match`, { chargeId }],
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
    // the webhook: each hostile body signed with the tenant's secret, so it reaches the parser
    const notice = { pix: [{ endToEndId: endToEndId(900), txid: 'a'.repeat(32), valor: '10.00', horario: '2026-03-02T11:00:00Z' }] };
    for (const leaf of leaves(notice)) {
      for (const hostile of hostileValues(leaf.value)) {
        const rawBody = hostileBody(notice, leaf.path, hostile);
        const signature = createHmac('sha256', SECRET).update(rawBody).digest('hex');
        const response = await kit.call('POST', `/webhooks/pix/${TENANT}`, { rawBody, headers: { 'x-webhook-signature': signature } });
        if (!isProblemNaming(response, leaf.path.at(-1))) failures.push(`webhook ${leaf.path.join('.')} ${hostile.label}: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
      }
    }
    // the card gateway's webhook, each hostile body signed (t=now) with the tenant's card secret
    const captured = { id: 'evt_h', type: 'payment.captured', data: { paymentId: 'pay_h', chargeId, amount: 100, currency: 'BRL', occurredAt: '2026-03-02T11:00:00Z' } };
    const t = Date.parse('2026-03-02T12:00:00Z') / 1000;
    for (const leaf of leaves(captured)) {
      for (const hostile of hostileValues(leaf.value)) {
        const rawBody = hostileBody(captured, leaf.path, hostile);
        const signature = `t=${t},v1=${createHmac('sha256', CARD_SECRET).update(`${t}.${rawBody}`).digest('hex')}`;
        const response = await kit.call('POST', `/webhooks/card/${TENANT}`, { rawBody, headers: { 'x-card-signature': signature } });
        if (!isProblemNaming(response, leaf.path.at(-1))) failures.push(`card webhook ${leaf.path.join('.')} ${hostile.label}: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
    const after = await kit.call('POST', '/payments', { token, idempotencyKey: key(), body: { method: 'ted', reference: 'H-AFTER', amount: { amount: 100, currency: 'BRL' }, paidOn: '2026-03-02', chargeId } });
    expect(after.status).toBe(201);
  });

  it('refuses rule-breaking bodies with a 4xx naming the field: zero and negative amounts, a future payment, a boleto agreement of another bank, a date that does not exist', async () => {
    const cases: [string, string, unknown, string][] = [
      ['POST', '/payments', { method: 'ted', reference: 'Z', amount: { amount: 0, currency: 'BRL' }, paidOn: '2026-03-02' }, 'amount'],
      ['POST', '/payments', { method: 'ted', reference: 'N', amount: { amount: -100, currency: 'BRL' }, paidOn: '2026-03-02' }, 'amount'],
      ['POST', '/payments', { method: 'ted', reference: 'F', amount: { amount: 100, currency: 'BRL' }, paidOn: '2026-03-03' }, 'paidOn'],
      ['POST', '/payments', { method: 'ted', reference: 'bad ref with spaces', amount: { amount: 100, currency: 'BRL' }, paidOn: '2026-03-02' }, 'reference'],
      ['POST', '/charges', { debtIds: [debtId], dueDate: '2026-02-30' }, 'dueDate'],
      ['POST', '/charges', { debtIds: [debtId], dueDate: '2026-03-01' }, 'dueDate'],
      ['POST', '/charges', { debtIds: [debtId, debtId], agreementId: '0192f6a0-0000-7000-8000-00000000e001', installment: 1, amount: { amount: 1, currency: 'BRL' }, dueDate: '2026-03-10' }, 'debtIds'],
      ['PUT', '/settings', { ...settings(), boleto: { ...settings().boleto, bankCode: '341' } }, 'bankCode'],
      ['PUT', '/settings', { ...settings(), pix: { ...settings().pix, key: '123.456.789-00' } }, 'key'],
      ['PUT', '/settings', { ...settings(), webhookSecret: 'short' }, 'webhookSecret'],
      ['POST', `/payments/${paymentId}/reversal`, { kind: 'refund', reason: 'x' }, 'kind'],
    ];
    for (const [method, url, body, field] of cases) {
      const response = await kit.call(method, url, { token, idempotencyKey: key(), body });
      expect({ url, field, ok: isProblemNaming(response, field), status: response.status }).toEqual({ url, field, ok: true, status: response.status });
    }
    const signedZero = signedPixNotice(SECRET, [{ endToEndId: endToEndId(901), txid: 'a'.repeat(32), valor: '0.00', horario: '2026-03-02T11:00:00Z' }]);
    expect(isProblemNaming(await kit.call('POST', `/webhooks/pix/${TENANT}`, signedZero), 'valor')).toBe(true);
    const signedReais = signedPixNotice(SECRET, [{ endToEndId: endToEndId(902), txid: 'a'.repeat(32), valor: '-10,00', horario: '2026-03-02T11:00:00Z' }]);
    expect(isProblemNaming(await kit.call('POST', `/webhooks/pix/${TENANT}`, signedReais), 'valor')).toBe(true);
  });

  it("answers another tenant's ids and ids that are not ids with 404, the same as unknown ones", async () => {
    const failures: string[] = [];
    const notFound: [string, string, unknown?][] = [
      ['GET', `/charges/${chargeId}`],
      ['GET', `/charges/${chargeId}/qr.png`],
      ['GET', `/charges/${chargeId}/qr.svg`],
      ['GET', `/charges/${chargeId}/boleto.pdf`],
      ['POST', `/charges/${chargeId}/cancel`, {}],
      ['GET', `/payments/${paymentId}`],
      ['POST', `/payments/${paymentId}/reversal`, { kind: 'reversal', reason: 'x' }],
      ['POST', `/reconciliation/unmatched/${parkedId}/match`, { chargeId }],
      ['POST', '/charges', { debtIds: [debtId], dueDate: '2026-03-10' }],
    ];
    for (const [method, url, body] of notFound) {
      const response = await kit.call(method, url, { token: other, idempotencyKey: key(), ...(body ? { body } : {}) });
      if (response.status !== 404 || JSON.stringify(response.body).includes(TENANT)) failures.push(`${method} ${url}: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
    }
    const unmatched = await kit.call('GET', '/reconciliation/unmatched', { token: other });
    if (unmatched.body.items.length !== 0) failures.push('another tenant sees parked payments');
    for (const url of ['/charges/not-an-id', `/charges/${encodeURIComponent('\u0000')}`, '/charges/%ED%A0%80/qr.png', '/payments/%00', '/payments/no-such-payment', `/payments/${'x'.repeat(300)}`]) {
      const response = await kit.call('GET', url, { token });
      if (response.status < 400 || response.status >= 500) failures.push(`${url}: ${response.status}`);
    }
    // a notification to one tenant's URL signed with another's secret
    const foreign = signedPixNotice('whsec-hostile-b-0123456789abcdef0123456789ab', [{ endToEndId: endToEndId(903), txid: 'a'.repeat(32), valor: '1.00', horario: '2026-03-02T11:00:00Z' }]);
    if ((await kit.call('POST', `/webhooks/pix/${TENANT}`, foreign)).status !== 401) failures.push('webhook signed by another tenant accepted');
    for (const tenant of ['%00', 'A'.repeat(300), '..%2F..', '%ED%A0%80']) {
      const response = await kit.call('POST', `/webhooks/pix/${tenant}`, foreign);
      if (response.status < 400 || response.status >= 500) failures.push(`webhook tenant ${tenant}: ${response.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('takes a retry after a refusal: the same key with a mended body is done once', async () => {
    const retryKey = key();
    const bad = await kit.call('POST', '/payments', { token, idempotencyKey: retryKey, body: { method: 'ted', reference: 'H-RETRY', amount: { amount: 100, currency: 'BRL' }, paidOn: '2026-13-02', chargeId } });
    expect(bad.status).toBe(400);
    const done = await kit.call('POST', '/payments', { token, idempotencyKey: retryKey, body: { method: 'ted', reference: 'H-RETRY', amount: { amount: 100, currency: 'BRL' }, paidOn: '2026-03-02', chargeId } });
    expect(done.status).toBe(201);
    const again = await kit.call('POST', '/payments', { token, idempotencyKey: retryKey, body: { method: 'ted', reference: 'H-RETRY', amount: { amount: 100, currency: 'BRL' }, paidOn: '2026-03-02', chargeId } });
    expect(again.body).toEqual(done.body);
  });
});
