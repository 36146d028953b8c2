import { PGlite } from '@electric-sql/pglite';
import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { servePglite, type ServedPglite } from '@collections/shared-event-store';
import { eventually, hostileBody, hostileValues, isProblemNaming, leaves } from '@collections/shared-testing';
import { startLegalWithDebtors, type Backend } from './legal-with-debtors';

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
 * Every legal route against hostile input: NUL bytes, lone surrogates, nesting thousands
 * deep, numbers past 2^53, ids that are not ids, another tenant's ids, a retry after a
 * refusal. The answer is a 4xx problem naming the field (never a 5xx, nothing about the
 * other tenant), and the service still writes afterwards.
 */
describe.each(BACKENDS)('legal REST under hostile input and a second tenant (%s)', (_name, start) => {
  let kit: Awaited<ReturnType<typeof startLegalWithDebtors>>;
  let stopBackend: () => Promise<void>;
  let token: string;
  let other: string;
  let debtId: string;
  let sequence = 0;
  const key = (): string => `legal-hostile-${process.pid}-${++sequence}`;
  const policy = () => ({
    triggerDaysPastDue: 60,
    noticePeriodDays: 10,
    legalMinimumNoticeDays: 10,
    removeOn: 'payment',
    protest: false,
    calendarState: 'SP',
    segments: { cartao: { triggerDaysPastDue: 30, noticePeriodDays: 15, removeOn: 'payment-or-agreement', protest: true } },
  });

  beforeAll(async () => {
    const started = await start();
    stopBackend = started.stop;
    kit = await startLegalWithDebtors('legal_hostile', undefined, started.backend);
    token = await kit.token('hostile-a', 'integrator', 'agent', 'supervisor', 'admin', 'auditor');
    other = await kit.token('hostile-b', 'integrator', 'agent', 'supervisor', 'admin', 'auditor');
    expect((await kit.call('PUT', '/escalation-policy', { token, idempotencyKey: key(), body: policy() })).status).toBe(200);
    const debtor = await kit.debtorsCall('POST', '/debtors', { token, idempotencyKey: key(), body: { taxId: generateCpf(), name: 'Ana Lima', state: 'SP', timeZone: 'America/Sao_Paulo', contactPoints: [] } });
    const debt = await kit.debtorsCall('POST', '/debts', {
      token,
      idempotencyKey: key(),
      body: { debtorId: debtor.body.debtorId, contractReference: 'H-1', originalAmount: { amount: 10_000, currency: 'BRL' }, dueDate: '2026-01-01', lateFeeRate: '0.02' },
    });
    debtId = debt.body.debtId;
    await eventually(async () => expect((await kit.call('GET', `/escalations/${debtId}`, { token })).status).toBe(200));
  });
  afterAll(async () => {
    await kit?.close();
    await kit?.closeFakes();
    await stopBackend?.();
  });

  const writes = (): [string, string, Record<string, unknown>][] => [
    ['PUT', '/escalation-policy', policy()],
    ['POST', `/escalations/${debtId}/listing`, { bureaus: ['serasa', 'spc'] }],
    ['POST', `/escalations/${debtId}/protest/notice`, { notifiedOn: '2026-03-01' }],
    ['POST', `/escalations/${debtId}/protest/protested`, { protocol: 'PROT-1' }],
    ['POST', `/escalations/${debtId}/lawsuit`, { lawFirm: 'Silva Advogados' }],
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
    expect((await kit.call('PUT', '/escalation-policy', { token, idempotencyKey: key(), body: { ...policy(), noticePeriodDays: 12 } })).status).toBe(200);
  });

  it('refuses rule-breaking bodies with a 4xx naming the field or the rule', async () => {
    const cases: [string, string, unknown, string][] = [
      ['PUT', '/escalation-policy', { ...policy(), noticePeriodDays: 5 }, 'noticePeriodDays'],
      ['PUT', '/escalation-policy', { ...policy(), triggerDaysPastDue: 0 }, 'triggerDaysPastDue'],
      ['PUT', '/escalation-policy', { ...policy(), calendarState: 'XX' }, 'calendarState'],
      ['PUT', '/escalation-policy', { ...policy(), removeOn: 'never' }, 'removeOn'],
      ['PUT', '/escalation-policy', { ...policy(), extra: 1 }, 'extra'],
      ['PUT', '/escalation-policy', { ...policy(), segments: { cartao: { noticePeriodDays: 5 } } }, 'segments.cartao.noticePeriodDays'],
      ['PUT', '/escalation-policy', { ...policy(), legalMinimumNoticeDays: 20, noticePeriodDays: 20, segments: { cartao: { noticePeriodDays: 19 } } }, 'segments.cartao.noticePeriodDays'],
      ['PUT', '/escalation-policy', { ...policy(), segments: { cartao: { listing: false } } }, 'listing'],
      ['PUT', '/escalation-policy', { ...policy(), segments: { cartao: {} } }, 'segments.cartao'],
      ['PUT', '/escalation-policy', { ...policy(), segments: { 'a/b\u0000': { protest: true } } }, 'segments'],
      ['PUT', '/escalation-policy', { ...policy(), segments: { '': { protest: true } } }, 'segments'],
      ['PUT', '/escalation-policy', { ...policy(), segments: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`s${i}`, { protest: true }])) }, 'segments'],
      ['PUT', '/escalation-policy', { ...policy(), segments: [{ protest: true }] }, 'segments'],
      ['POST', `/escalations/${debtId}/listing`, { bureaus: ['equifax'] }, 'bureaus'],
      ['POST', `/escalations/${debtId}/listing`, { bureaus: [] }, 'bureaus'],
      ['POST', `/escalations/${debtId}/listing`, {}, 'LEGAL_NOTICE_MISSING'],
      ['POST', `/escalations/${debtId}/protest`, {}, 'LEGAL_PROTEST_DISABLED'],
      ['POST', `/escalations/${debtId}/protest/notice`, { notifiedOn: '2026-12-01' }, 'notifiedOn'],
      ['POST', `/escalations/${debtId}/protest/notice`, { notifiedOn: '2026-02-28' }, 'LEGAL_PROTEST_NOT_REQUESTED'],
      ['POST', `/escalations/${debtId}/lawsuit`, { lawFirm: '' }, 'lawFirm'],
      ['POST', `/escalations/${debtId}/protest/protested`, { protocol: '' }, 'protocol'],
      ['POST', `/escalations/${debtId}/protest/protested`, { protocol: 'P-1', at: 'now' }, 'at'],
      ['POST', `/escalations/${debtId}/protest/protested`, { protocol: 'P-1' }, 'LEGAL_PROTEST_NOT_REQUESTED'],
    ];
    for (const [method, url, body, field] of cases) {
      const response = await kit.call(method, url, { token, idempotencyKey: key(), body });
      expect({ url, field, ok: isProblemNaming(response, field) }).toEqual({ url, field, ok: true });
    }
    expect((await kit.call('GET', '/removals?status=sideways', { token })).status).toBe(400);
  });

  it("answers another tenant's ids and ids that are not ids with 404, the same as unknown ones", async () => {
    const failures: string[] = [];
    const notFound: [string, string, unknown?][] = [
      ['GET', `/escalations/${debtId}`],
      ['GET', `/escalations/${debtId}/dossier`],
      ['GET', `/escalations/${debtId}/dossier.pdf`],
      ['POST', `/escalations/${debtId}/listing`, {}],
      ['POST', `/escalations/${debtId}/protest`, {}],
      ['POST', `/escalations/${debtId}/protest/notice`, { notifiedOn: '2026-03-01' }],
      ['POST', `/escalations/${debtId}/protest/protested`, { protocol: 'P-9' }],
      ['POST', `/escalations/${debtId}/lawsuit`, { lawFirm: 'Outro' }],
      ['GET', '/escalation-policy'],
    ];
    for (const [method, url, body] of notFound) {
      const response = await kit.call(method, url, { token: other, idempotencyKey: key(), ...(body ? { body } : {}) });
      if (response.status !== 404 || JSON.stringify(response.body).includes('hostile-a')) failures.push(`${method} ${url}: ${response.status}`);
    }
    const removals = await kit.call('GET', '/removals?status=all', { token: other });
    if (removals.status !== 200 || removals.body.removals.length !== 0) failures.push(`removals of the other tenant: ${removals.status}`);
    for (const url of ['/escalations/not-an-id', `/escalations/${encodeURIComponent('\u0000')}`, '/escalations/%ED%A0%80/dossier', `/escalations/${'9'.repeat(40)}/dossier.pdf`]) {
      const response = await kit.call('GET', url, { token });
      if (response.status < 400 || response.status >= 500) failures.push(`${url}: ${response.status}`);
    }
    const listing = await kit.call('POST', '/escalations/not-an-id/listing', { token, idempotencyKey: key(), body: {} });
    if (listing.status !== 404) failures.push(`listing of not-an-id: ${listing.status}`);
    expect(failures).toEqual([]);
  });

  it('takes a retry after a refusal: the same key with a mended body is done once', async () => {
    const retryKey = key();
    const refused = await kit.call('PUT', '/escalation-policy', { token, idempotencyKey: retryKey, body: { ...policy(), noticePeriodDays: 3 } });
    expect(refused.status).toBe(400);
    const mended = await kit.call('PUT', '/escalation-policy', { token, idempotencyKey: retryKey, body: { ...policy(), noticePeriodDays: 15 } });
    expect(mended.status).toBe(200);
    expect(mended.body.noticePeriodDays).toBe(15);
    const again = await kit.call('PUT', '/escalation-policy', { token, idempotencyKey: retryKey, body: { ...policy(), noticePeriodDays: 15 } });
    expect(again.body.version).toBe(mended.body.version);
  });
});
