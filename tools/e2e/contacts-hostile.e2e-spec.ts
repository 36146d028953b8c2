import { PGlite } from '@electric-sql/pglite';
import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { servePglite, type ServedPglite } from '@collections/shared-event-store';
import { eventually, hostileBody, hostileValues, isProblemNaming, leaves } from '@collections/shared-testing';
import { startContactsWithDebtors, type Backend } from './contacts-with-debtors';

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
 * Every contacts route against hostile input: NUL bytes, lone surrogates, nesting thousands
 * deep, numbers past 2^53, dates outside 0001-9999, ids that are not ids, another tenant's
 * ids, a retry after a refusal. The answer is a 4xx problem naming the field (never a 5xx,
 * nothing about the other tenant), and the service still writes afterwards.
 */
describe.each(BACKENDS)('contacts REST under hostile input and a second tenant (%s)', (_name, start) => {
  let kit: Awaited<ReturnType<typeof startContactsWithDebtors>>;
  let stopBackend: () => Promise<void>;
  let token: string;
  let other: string;
  let templateId: string;
  let cadenceId: string;
  let debtId: string;
  let sequence = 0;
  const key = (): string => `contacts-hostile-${process.pid}-${++sequence}`;

  beforeAll(async () => {
    const started = await start();
    stopBackend = started.stop;
    kit = await startContactsWithDebtors('contacts_hostile', () => ({}), undefined, started.backend);
    token = await kit.token('hostile-a', 'integrator', 'agent', 'supervisor', 'admin', 'auditor');
    other = await kit.token('hostile-b', 'integrator', 'agent', 'supervisor', 'admin', 'auditor');
    expect((await kit.call('PUT', '/creditor', { token, body: creditor() })).status).toBe(200);
    const template = await kit.call('POST', '/templates', { token, idempotencyKey: key(), body: templateBody() });
    expect(template.status).toBe(201);
    templateId = template.body.templateId;
    const cadence = await kit.call('POST', '/cadences', { token, idempotencyKey: key(), body: cadenceBody() });
    expect(cadence.status).toBe(201);
    cadenceId = cadence.body.cadenceId;
    const debtor = await kit.debtorsCall('POST', '/debtors', {
      token,
      idempotencyKey: key(),
      body: { taxId: generateCpf(), name: 'Ana Lima', state: 'SP', timeZone: 'America/Sao_Paulo', contactPoints: [{ kind: 'email', value: 'ana@example.com', consent: 'granted' }] },
    });
    const debt = await kit.debtorsCall('POST', '/debts', {
      token,
      idempotencyKey: key(),
      body: { debtorId: debtor.body.debtorId, contractReference: 'H-1', originalAmount: { amount: 10_000, currency: 'BRL' }, dueDate: '2026-02-20', lateFeeRate: '0.02' },
    });
    debtId = debt.body.debtId;
    await eventually(async () => expect((await kit.call('GET', `/debts/${debtId}/contacts`, { token })).status).toBe(200));
  });
  afterAll(async () => {
    await kit?.close();
    await stopBackend?.();
  });

  const creditor = () => ({ name: 'Credor Hostil S.A.', address: 'Rua Augusta, 1500, São Paulo - SP', taxId: '11.222.333/0001-81' });
  const templateBody = () => ({ name: 'Aviso', channel: 'email', subject: 'Débito {{debt.contractReference}}', body: 'Olá {{debtor.firstName}}. {{creditor.name}} {{creditor.taxId}} {{creditor.address}}' });
  const cadenceBody = () => ({
    name: 'Régua',
    segment: 'default',
    steps: [{ stepId: 'd1', offsetDays: 1, channel: 'email', templateId, conditions: { minBalance: { amount: 100, currency: 'BRL' }, agingBuckets: ['1-30'], debtorKinds: ['person'] } }],
  });

  const writes = (): [string, string, Record<string, unknown>][] => [
    ['PUT', '/creditor', creditor()],
    ['POST', '/templates', templateBody()],
    ['POST', '/cadences', cadenceBody()],
    ['POST', `/cadences/${cadenceId}/revisions`, { steps: cadenceBody().steps }],
    ['POST', `/debts/${debtId}/holds`, { kind: 'manual', reason: 'pedido do credor' }],
    ['POST', '/inbound-messages', { channel: 'sms', from: '+5511987654321', text: 'pare', receivedAt: '2026-03-02T12:00:00Z' }],
    ['PUT', '/call-scripts/hostile', scriptBody()],
    ['PUT', '/survey-settings', { enabled: true, channel: 'sms' }],
    // public (the token is the capability): a token of the right shape that names no survey still has its body checked first
    ['POST', `/surveys/${'A'.repeat(43)}/answer`, { score: 3 }],
  ];
  const scriptBody = () => ({
    steps: [
      { id: 'quem', kind: 'identify-right-party', text: 'Falo com o titular?' },
      { id: 'credor', kind: 'state-creditor', text: 'Falo em nome do Credor Hostil S.A.' },
    ],
  });

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
    expect((await kit.call('POST', '/templates', { token, idempotencyKey: key(), body: templateBody() })).status).toBe(201);
  });

  it('refuses rule-breaking bodies with a 4xx naming the field: a template without the creditor, an unknown channel, a step with another tenant\'s template', async () => {
    const cases: [string, string, unknown, string][] = [
      ['POST', '/templates', { ...templateBody(), body: 'Olá {{debtor.firstName}}, pague.' }, 'creditor'],
      ['POST', '/templates', { ...templateBody(), channel: 'pigeon' }, 'channel'],
      ['POST', '/templates', { ...templateBody(), body: '{{creditor.name}} {{creditor.taxId}} {{creditor.address}} {{debtor.taxId}}' }, 'debtor.taxId'],
      ['POST', '/cadences', { ...cadenceBody(), steps: [{ ...cadenceBody().steps[0], channel: 'fax' }] }, 'channel'],
      ['POST', '/cadences', { ...cadenceBody(), steps: [{ ...cadenceBody().steps[0], offsetDays: 100_000 }] }, 'offsetDays'],
      ['POST', '/cadences', { ...cadenceBody(), steps: [] }, 'steps'],
      ['PUT', '/creditor', { ...creditor(), taxId: '11.222.333/0001-82' }, 'taxId'],
      ['POST', `/debts/${debtId}/holds`, { kind: 'dispute', reason: 'x' }, 'kind'],
      ['POST', '/inbound-messages', { channel: 'sms', from: 'ninguém', text: 'pare' }, 'from'],
      ['PUT', '/call-scripts/hostile', { steps: [...scriptBody().steps].reverse() }, 'steps[0].kind'],
      ['PUT', '/call-scripts/hostile', { steps: [scriptBody().steps[0]] }, 'steps'],
      ['PUT', '/call-scripts/hostile', { steps: [scriptBody().steps[0], { ...scriptBody().steps[1], kind: 'threaten' }] }, 'kind'],
      ['PUT', '/call-scripts/hostile', { steps: [scriptBody().steps[0], scriptBody().steps[1], scriptBody().steps[1]] }, 'steps[2].id'],
      ['PUT', '/survey-settings', { enabled: true, channel: 'whatsapp' }, 'channel'],
      ['PUT', '/survey-settings', { enabled: 'sim', channel: 'sms' }, 'enabled'],
    ];
    for (const [method, url, body, field] of cases) {
      const response = await kit.call(method, url, { token, idempotencyKey: key(), body });
      expect({ url, field, ok: isProblemNaming(response, field) }).toEqual({ url, field, ok: true });
    }
    // another tenant's template is not this tenant's: named as such, not found there
    const foreign = await kit.call('POST', '/cadences', { token: other, idempotencyKey: key(), body: cadenceBody() });
    expect(foreign.status).toBe(400);
    expect(JSON.stringify(foreign.body)).toMatch(/steps\[0\]\.templateId/);
  });

  it('answers another tenant\'s ids and ids that are not ids with 404, the same as unknown ones', async () => {
    const failures: string[] = [];
    const task = await kit.call('POST', '/call-tasks', { token, idempotencyKey: key(), body: { debtId, queue: 'hostile' } });
    expect(task.status).toBe(201);
    const notFound: [string, string, unknown?][] = [
      ['GET', `/call-tasks/${task.body.taskId}`],
      ['POST', `/call-tasks/${task.body.taskId}/dial`],
      ['GET', `/cadences/${cadenceId}`],
      ['POST', `/cadences/${cadenceId}/revisions`, { steps: cadenceBody().steps }],
      ['GET', `/debts/${debtId}/contacts`],
      ['POST', `/debts/${debtId}/holds`, { kind: 'manual', reason: 'x' }],
      ['DELETE', `/debts/${debtId}/holds/deceased`],
      ['GET', `/letters/${debtId}`],
    ];
    for (const [method, url, body] of notFound) {
      const response = await kit.call(method, url, { token: other, idempotencyKey: key(), ...(body ? { body } : {}) });
      if (response.status !== 404 || JSON.stringify(response.body).includes('hostile-a')) failures.push(`${method} ${url}: ${response.status}`);
    }
    for (const url of [
      '/cadences/not-an-id',
      `/debts/${encodeURIComponent('\u0000')}/contacts`,
      '/letters/%ED%A0%80',
      `/debts/${debtId}/holds/not-a-hold`,
      '/call-tasks/not-an-id',
      `/call-tasks/${encodeURIComponent('\u0000')}`,
      '/call-tasks/9007199254740993',
      '/call-scripts/Not%20A%20Segment',
      `/call-scripts/${encodeURIComponent('\u0000')}`,
      '/call-scripts/%ED%A0%80',
    ]) {
      const response = await kit.call(url.includes('/holds/') ? 'DELETE' : 'GET', url, { token, idempotencyKey: key() });
      if (response.status < 400 || response.status >= 500) failures.push(`${url}: ${response.status}`);
    }
    for (const id of ['not-an-id', encodeURIComponent('\u0000'), '%ED%A0%80', '9007199254740993']) {
      const response = await kit.call('POST', `/call-tasks/${id}/dial`, { token, idempotencyKey: key() });
      if (response.status < 400 || response.status >= 500) failures.push(`POST /call-tasks/${id}/dial: ${response.status}`);
    }
    for (const token of [encodeURIComponent('\u0000'), '%ED%A0%80', 'A'.repeat(42), 'A'.repeat(500), '..']) {
      const response = await kit.call('POST', `/surveys/${token}/answer`, { body: { score: 3 } });
      if (response.status < 400 || response.status >= 500) failures.push(`POST /surveys/${token}/answer: ${response.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('takes a retry after a refusal: the same key with a mended body is done once', async () => {
    const retryKey = key();
    expect((await kit.call('POST', `/debts/${debtId}/holds`, { token, idempotencyKey: retryKey, body: { kind: 'deceased', reason: '' } })).status).toBe(400);
    const placed = await kit.call('POST', `/debts/${debtId}/holds`, { token, idempotencyKey: retryKey, body: { kind: 'deceased', reason: 'informado pela família' } });
    expect(placed.status).toBe(201);
    const again = await kit.call('POST', `/debts/${debtId}/holds`, { token, idempotencyKey: retryKey, body: { kind: 'deceased', reason: 'informado pela família' } });
    expect(again.status).toBe(201);
    expect(again.body.version).toBe(placed.body.version);
  });
});
