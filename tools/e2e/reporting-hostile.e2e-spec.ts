import { PGlite } from '@electric-sql/pglite';
import { servePglite, type ServedPglite } from '@collections/shared-event-store';
import { eventually, isProblemNaming } from '@collections/shared-testing';
import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { startReportingWithDebtors, type Backend } from './reporting-with-debtors';

/** Where the services run: server mode (PostgreSQL), and embedded mode (PGlite behind the wire protocol). */
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

const KPIS = ['portfolio', 'recovery', 'contact-attempts', 'promises', 'agreements', 'agents', 'legal-sla', 'satisfaction'];

/** Hostile values of a date in a query string (already URL-encoded where they must be). */
const HOSTILE_DATES: [string, string][] = [
  ['NUL', '2026-01-01%00x'],
  ['lone surrogate', '%ED%A0%80'],
  ['year 0000', '0000-01-01'],
  ['year 10000', '10000-01-01'],
  ['no such day', '2026-02-30'],
  ['an instant', '2026-01-01T00:00:00Z'],
  ['a number past 2^53', '9007199254740994'],
  ['nested', '[[[[[]]]]]'],
  ['2,000 characters', 'x'.repeat(2_000)],
];

/** Hostile values of a segment or portfolio filter (already URL-encoded where they must be). */
const HOSTILE_LABELS: [string, string][] = [
  ['NUL', 'cartao%00x'],
  ['lone surrogate', '%ED%A0%80'],
  ['a control character', 'cart%0Aao'],
  ['51 characters', 'x'.repeat(51)],
  ['2,000 characters', 'x'.repeat(2_000)],
];

/**
 * Every reporting route against hostile input: NUL bytes, lone surrogates, dates outside
 * 0001-9999, repeated and nested parameters, ids that are not ids, another tenant's ids.
 * The answer is a 4xx problem naming the field (never a 5xx, nothing about the other
 * tenant), and the service still takes events and answers afterwards.
 */
describe.each(BACKENDS)('reporting REST under hostile input and a second tenant (%s)', (_name, start) => {
  let kit: Awaited<ReturnType<typeof startReportingWithDebtors>>;
  let stopBackend: () => Promise<void>;
  let token: string;
  let other: string;
  let debtId: string;
  let sequence = 0;
  const key = (): string => `reporting-hostile-${process.pid}-${++sequence}`;

  async function placeDebt(tenant: string, amount: number, segment?: string): Promise<string> {
    const integrator = await kit.token(tenant, 'integrator');
    const debtor = await kit.debtorsCall('POST', '/debtors', {
      token: integrator,
      idempotencyKey: key(),
      body: { taxId: generateCpf(), name: 'Ana Lima', state: 'SP', timeZone: 'America/Sao_Paulo', contactPoints: [{ kind: 'email', value: 'ana@example.com', consent: 'granted' }] },
    });
    const debt = await kit.debtorsCall('POST', '/debts', {
      token: integrator,
      idempotencyKey: key(),
      body: { debtorId: debtor.body.debtorId, contractReference: `H-${sequence}`, originalAmount: { amount, currency: 'BRL' }, dueDate: '2026-02-20', lateFeeRate: '0.02', ...(segment ? { segment } : {}) },
    });
    expect(debt.status).toBe(201);
    return debt.body.debtId;
  }

  beforeAll(async () => {
    const started = await start();
    stopBackend = started.stop;
    kit = await startReportingWithDebtors('reporting_hostile', undefined, started.backend);
    token = await kit.token('hostile-a', 'supervisor', 'auditor', 'admin');
    other = await kit.token('hostile-b', 'supervisor', 'auditor', 'admin');
    debtId = await placeDebt('hostile-a', 12_345, 'hostil');
    await eventually(async () => expect((await kit.call('GET', `/reporting/debts/${debtId}/timeline`, { token })).status).toBe(200), 30_000);
  });
  afterAll(async () => {
    await kit?.close();
    await stopBackend?.();
  });

  const get = (url: string, bearer = token) => kit.call('GET', url, { token: bearer });

  describe.each(KPIS)('GET /reporting/%s', (kpi) => {
    it.each(HOSTILE_DATES)('answers a hostile "from" (%s) with a 400 problem naming it', async (_label, value) => {
      const response = await get(`/reporting/${kpi}?from=${value}&to=2026-03-02`);
      expect(response.status).toBe(400);
      expect(isProblemNaming(response, 'from')).toBe(true);
    });
    it.each(HOSTILE_DATES)('answers a hostile "to" (%s) with a 400 problem naming it', async (_label, value) => {
      const response = await get(`/reporting/${kpi}?from=2026-01-01&to=${value}`);
      expect(response.status).toBe(400);
      expect(isProblemNaming(response, 'to')).toBe(true);
    });
    it('refuses a repeated or nested parameter, and a period that ends before it starts', async () => {
      for (const query of ['from=2026-01-01&from=2026-02-01', 'from[a][b][c]=1', 'to[]=2026-01-01']) {
        const response = await get(`/reporting/${kpi}?${query}`);
        expect(response.status).toBe(400);
      }
      const backwards = await get(`/reporting/${kpi}?from=2026-03-02&to=2026-01-01`);
      expect(isProblemNaming(backwards, 'from')).toBe(true);
    });
    it.each(HOSTILE_LABELS)('answers a hostile "segment" and "portfolio" (%s) with a 400 problem naming it', async (_label, value) => {
      for (const field of ['segment', 'portfolio']) {
        const response = await get(`/reporting/${kpi}?from=2026-01-01&to=2026-03-02&${field}=${value}`);
        expect(response.status).toBe(400);
        expect(isProblemNaming(response, field)).toBe(true);
      }
    });
    it("refuses a repeated or nested filter, and tells nothing of another tenant's segment", async () => {
      for (const query of ['segment=a&segment=b', 'portfolio[a]=1', 'segment[]=x']) {
        expect((await get(`/reporting/${kpi}?${query}`)).status).toBe(400);
      }
      // the other tenant filtering by this tenant's segment sees nothing of it
      const theirs = await get(`/reporting/${kpi}?from=2026-01-01&to=2026-12-31&segment=hostil`, other);
      expect(theirs.status).toBe(200);
      expect(JSON.stringify(theirs.body)).not.toContain('12345');
    });
    it('answers the edges of the calendar, 0001-01-01 to 9999-12-31', async () => {
      const response = await get(`/reporting/${kpi}?from=0001-01-01&to=9999-12-31`);
      expect(response.status).toBe(200);
    });
  });

  it("answers a debt's timeline only for an id of this tenant, 404 for anything else", async () => {
    for (const id of ['not-an-id', '1'.repeat(500), crypto.randomUUID()]) {
      const response = await get(`/reporting/debts/${id}/timeline`);
      expect(response.status).toBe(404);
    }
    // a path that is not text is refused before any route sees it
    for (const id of ['%00', '%ED%A0%80']) {
      const response = await get(`/reporting/debts/${id}/timeline`);
      expect(isProblemNaming(response, undefined)).toBe(true);
    }
    const theirs = await get(`/reporting/debts/${debtId}/timeline`, other);
    expect(theirs.status).toBe(404);
    expect(JSON.stringify(theirs.body)).not.toContain('12345');
  });

  it('answers an export of an unknown read model 404, and another tenant an empty export', async () => {
    for (const extension of ['csv', 'parquet']) {
      for (const model of ['nope', 'rep_events', '__proto__', 'constructor', 'x'.repeat(500)]) {
        const response = await get(`/reporting/exports/${model}.${extension}`);
        expect(response.status).toBe(404);
      }
      for (const model of ['%00', '%ED%A0%80']) {
        expect(isProblemNaming(await get(`/reporting/exports/${model}.${extension}`), undefined)).toBe(true);
      }
    }
    const parquet = await fetch(`${kit.service.httpUrl}/reporting/exports/facts.parquet`, { headers: { authorization: `Bearer ${other}` } });
    expect(parquet.status).toBe(200);
    expect(Buffer.from(await parquet.arrayBuffer()).includes(Buffer.from('12345'))).toBe(false);
    const theirs = await fetch(`${kit.service.httpUrl}/reporting/exports/events.csv`, { headers: { authorization: `Bearer ${other}` } });
    expect((await theirs.text()).trim().split('\r\n')).toHaveLength(1);
  });

  it('answers hostile channel costs with a 400 problem naming the field, and keeps the last good table', async () => {
    const put = (body: unknown) => kit.call('PUT', '/reporting/channel-costs', { token, body });
    expect((await put({ costs: [{ channel: 'sms', centavosPerAttempt: 12 }] })).status).toBe(200);
    const cases: [unknown, string | undefined][] = [
      [{ costs: [{ channel: 'fax', centavosPerAttempt: 1 }] }, 'costs.0.channel'],
      [{ costs: [{ channel: 'sms\u0000', centavosPerAttempt: 1 }] }, undefined],
      [{ costs: [{ channel: '\ud800', centavosPerAttempt: 1 }] }, undefined],
      [{ costs: [{ channel: 'sms', centavosPerAttempt: 2 ** 53 + 2 }] }, 'centavosPerAttempt'],
      [{ costs: [{ channel: 'sms', centavosPerAttempt: -1 }] }, 'costs.0.centavosPerAttempt'],
      [{ costs: [{ channel: 'sms', centavosPerAttempt: 1.5 }] }, 'costs.0.centavosPerAttempt'],
      [{ costs: [{ channel: 'sms', centavosPerAttempt: '10' }] }, 'costs.0.centavosPerAttempt'],
      [{ costs: [{ channel: 'sms', centavosPerAttempt: 1_000_001 }] }, 'costs.0.centavosPerAttempt'],
      [{ costs: [{ channel: 'sms', centavosPerAttempt: 1 }, { channel: 'sms', centavosPerAttempt: 2 }] }, 'costs.1.channel'],
      [{ costs: [{ channel: 'sms', centavosPerAttempt: 1, tenantId: 'hostile-b' }] }, undefined],
      [{ costs: 'sms' }, 'costs'],
      [{}, 'costs'],
      [{ costs: JSON.parse('['.repeat(1_000) + ']'.repeat(1_000)) }, undefined],
    ];
    for (const [body, field] of cases) {
      const response = await put(body);
      expect({ field, status: response.status, named: isProblemNaming(response, field), problem: response.body }).toMatchObject({ field, status: 400, named: true });
    }
    expect((await get('/reporting/channel-costs')).body.costs).toEqual([{ channel: 'sms', centavosPerAttempt: 12 }]);
    expect((await get('/reporting/channel-costs', other)).body.costs).toEqual([]);
  });

  it('keeps an event whose date is no calendar date raw, derives nothing from it, and goes on', async () => {
    const step = (at: string) => ({ debtId, stepId: 's', offsetDays: 1, cadenceVersion: 1, channel: 'sms', at, messageId: 'm', contactPointId: 'c', providerMessageId: 'p' });
    await kit.publish('hostile-a', `dunning-${debtId}`, [
      { type: 'ContactSent', data: step('2026-02-31T10:00:00Z') },
      { type: 'ContactSent', data: step('0000-01-01T10:00:00Z') },
      { type: 'ContactSent', data: step('not a date') },
      { type: 'ContactSent', data: step('2026-02-27T10:00:00Z') },
    ]);
    await eventually(async () => expect((await get('/reporting/contact-attempts?from=0001-01-01&to=9999-12-31')).body.total).toBe(1), 30_000);
    const timeline = await get(`/reporting/debts/${debtId}/timeline`);
    expect(timeline.body.events.filter((e: { type: string }) => e.type === 'ContactSent')).toHaveLength(4);
  });

  it('still takes events, rebuilds and answers after all of it', async () => {
    await placeDebt('hostile-a', 10_000);
    await eventually(async () => expect((await get('/reporting/portfolio?from=2026-01-01&to=2026-12-31')).body.placed).toEqual({ count: 2, amount: 22_345 }), 30_000);
    const deep = await kit.call('POST', '/reporting/rebuild', { token, body: { deep: JSON.parse('['.repeat(1_000) + ']'.repeat(1_000)) } });
    expect(isProblemNaming(deep, undefined)).toBe(true);
    const rebuilt = await kit.call('POST', '/reporting/rebuild', { token });
    expect(rebuilt.status).toBe(200);
    expect((await get('/reporting/portfolio?from=2026-01-01&to=2026-12-31')).body.placed).toEqual({ count: 2, amount: 22_345 });
    expect((await get('/reporting/portfolio?from=2026-01-01&to=2026-12-31', other)).body.placed).toEqual({ count: 0, amount: 0 });
  });
});
