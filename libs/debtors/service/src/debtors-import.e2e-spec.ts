import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { v5 as uuidv5 } from 'uuid';
import { debtBody, debtorBody } from './testing/debtors-fixtures';
import { key, startDebtorsTestKit, type DebtorsTestKit } from './testing/debtors-test-kit';

const HEADER = 'taxId,name,state,timeZone,phone,email,contractReference,amount,currency,dueDate,lateFeeRate';

describe('portfolio import (PostgreSQL)', () => {
  let kit: DebtorsTestKit;
  let token: string;

  beforeAll(async () => {
    kit = await startDebtorsTestKit('debtors_import', { messaging: { kind: 'embedded' } });
    token = await kit.token('importadora', 'integrator');
  });
  afterAll(async () => {
    await kit?.close();
  });

  const csv = [
    HEADER,
    '529.982.247-25,Maria da Silva,SP,America/Sao_Paulo,+5511987654321,maria@example.com,IMP-1,1500.00,BRL,2026-01-10,0.02',
    '529.982.247-25,Maria da Silva,SP,America/Sao_Paulo,+5511987654321,maria@example.com,IMP-2,99.90,BRL,2026-02-10,0.02',
    '529.982.247-26,Wrong Check Digit,SP,,,,IMP-3,10.00,BRL,2026-01-10,0.02',
    '111.444.777-35,João Pereira,CE,America/Fortaleza,,,IMP-4,250.00,BRL,2026-01-10,0.05',
    '111.444.777-35,João Pereira,CE,America/Fortaleza,,,,10.00,BRL,2026-01-10,0.02',
  ].join('\n');

  it('imports a CSV row by row, reporting each bad row by number and field, and keeps the good ones', async () => {
    const r = await kit.call('POST', '/imports', { token, rawBody: csv, headers: { 'content-type': 'text/csv' } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ rows: 5, imported: 2, failed: 3 });
    expect(r.body.errors).toEqual(
      expect.arrayContaining([
        { row: 3, field: 'taxId', message: expect.stringMatching(/not a valid CPF/) },
        { row: 4, field: 'lateFeeRate', message: expect.stringMatching(/2%/) },
        { row: 5, field: 'contractReference', message: 'is required' },
      ]),
    );
    await kit.service.projections.catchUp();
    const debts = (await kit.call('GET', '/debts', { token })).body.items.map((d: { contractReference: string }) => d.contractReference).sort();
    expect(debts).toEqual(['IMP-1', 'IMP-2']);
  });

  it('changes nothing when the same file is imported again', async () => {
    const r = await kit.call('POST', '/imports', { token, rawBody: csv, headers: { 'content-type': 'text/csv' } });
    expect(r.body).toMatchObject({ rows: 5, imported: 0, alreadyPresent: 2, failed: 3 });
    const [row] = await kit.service.store.driver.query<{ n: string }>(`SELECT count(*)::text AS n FROM es_events WHERE tenant_id = 'importadora'`);
    // a row is all or nothing: João's debt was refused, so he was not registered either; the two
    // debts, due before the test clock's today, were classified overdue as they were registered
    expect(row?.n).toBe('7');
  });

  it("records each contact point's consent as the file states it, not granted when the cell is empty, and refuses any other word", async () => {
    const withConsent = [
      `${HEADER},phoneConsent,emailConsent`,
      '390.533.447-05,Ana Costa,MG,America/Sao_Paulo,+5531987654321,ana@example.com,IMP-C1,10.00,BRL,2026-01-10,0.02,,granted',
      '935.411.347-80,Rui Lima,SP,America/Sao_Paulo,+5511912345678,,IMP-C2,10.00,BRL,2026-01-10,0.02,talvez,',
    ].join('\n');
    const r = await kit.call('POST', '/imports', { token, rawBody: withConsent, headers: { 'content-type': 'text/csv' } });
    expect(r.body).toMatchObject({ rows: 2, imported: 1, failed: 1, errors: [{ row: 2, field: 'phoneConsent', message: 'must be granted or not_granted' }] });
    await kit.service.projections.catchUp();
    const [debt] = (await kit.call('GET', '/debts?pageSize=50', { token })).body.items.filter((d: { contractReference: string }) => d.contractReference === 'IMP-C1');
    const debtor = (await kit.call('GET', `/debtors/${debt.debtorId}`, { token })).body;
    expect(debtor.contactPoints.map((c: { kind: string; consent: string }) => [c.kind, c.consent])).toEqual([
      ['phone', 'not_granted'],
      ['email', 'granted'],
    ]);
  });

  it("takes each debt's segment and portfolio from optional columns, shows them on the debt and publishes them, and names a bad one's field", async () => {
    const bia = generateCpf();
    const segmented = [
      `${HEADER},segment,portfolio`,
      `${bia},Bia Souza,RJ,America/Sao_Paulo,,,IMP-S1,10.00,BRL,2026-01-10,0.02,cartao,lote-2026-03`,
      `${bia},Bia Souza,RJ,America/Sao_Paulo,,,IMP-S2,10.00,BRL,2026-01-10,0.02,,`,
      `${bia},Bia Souza,RJ,America/Sao_Paulo,,,IMP-S3,10.00,BRL,2026-01-10,0.02,${'s'.repeat(51)},`,
    ].join('\n');
    const r = await kit.call('POST', '/imports', { token, rawBody: segmented, headers: { 'content-type': 'text/csv' } });
    expect(r.body).toMatchObject({ rows: 3, imported: 2, failed: 1, errors: [{ row: 3, field: 'segment', message: 'must have 1-50 characters' }] });
    await kit.service.projections.catchUp();
    const debts = (await kit.call('GET', '/debts?pageSize=50', { token })).body.items.filter((d: { contractReference: string }) => d.contractReference.startsWith('IMP-S'));
    const one = (await kit.call('GET', `/debts/${debts.find((d: { contractReference: string }) => d.contractReference === 'IMP-S1').debtId}`, { token })).body;
    expect(one).toMatchObject({ segment: 'cartao', portfolio: 'lote-2026-03' });
    const other = (await kit.call('GET', `/debts/${debts.find((d: { contractReference: string }) => d.contractReference === 'IMP-S2').debtId}`, { token })).body;
    expect(other).toMatchObject({ segment: 'default', portfolio: null });
    const [published] = await kit.service.store.driver.query<{ data: { segment?: string; portfolio?: string } }>(
      `SELECT data FROM es_events WHERE tenant_id = 'importadora' AND event_type = 'DebtRegistered' AND data->>'contractReference' = 'IMP-S1'`,
    );
    expect(published?.data).toMatchObject({ segment: 'cartao', portfolio: 'lote-2026-03' });
  });

  it('imports NDJSON and reports a line that is not JSON', async () => {
    const ndjson = [
      JSON.stringify({ taxId: '390.533.447-05', name: 'Ana Costa', state: 'MG', contractReference: 'ND-1', amount: 10.5, dueDate: '2026-03-01' }),
      '{not json',
      JSON.stringify({ taxId: '390.533.447-05', name: 'Ana Costa', state: 'MG', contractReference: 'ND-2', amount: -3, dueDate: '2026-03-01' }),
    ].join('\n');
    const r = await kit.call('POST', '/imports', { token, rawBody: ndjson, headers: { 'content-type': 'application/x-ndjson' } });
    expect(r.body).toMatchObject({ rows: 3, imported: 1, failed: 2 });
    expect(r.body.errors.map((e: { row: number }) => e.row).sort()).toEqual([2, 3]);
  });

  it('streams its progress as NDJSON lines when asked, then the report', async () => {
    const rows = Array.from({ length: 2_500 }, (_, i) => `${generateCpf()},Devedor ${i},RS,America/Sao_Paulo,,,PROG-${i},${(10 + i).toFixed(2)},BRL,2026-05-10,0.02`);
    const r = await kit.call('POST', '/imports?batchSize=500', {
      token,
      rawBody: [HEADER, ...rows].join('\n'),
      headers: { 'content-type': 'text/csv', accept: 'application/x-ndjson' },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const lines = (r.body as string).trim().split('\n').map((line) => JSON.parse(line));
    const progress = lines.filter((l) => l.progress).map((l) => l.progress.imported);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.every((n: number) => n > 0 && n <= 2_500)).toBe(true);
    expect(lines.at(-1)).toEqual({ report: expect.objectContaining({ rows: 2_500, imported: 2_500, failed: 0 }) });
  });

  it('reads amounts exactly from their decimal text and refuses what is not an amount in reais', async () => {
    const amounts = ['0.1', '1234,56', '12.345', '1e3', '-1', '', '90071992547409.92'];
    const rows = amounts.map((amount, i) => `${generateCpf()},Devedor ${i},SP,,,,AMT-${i},"${amount}",BRL,2026-05-10,0.02`);
    const other = await kit.token('centavos', 'integrator');
    const r = await kit.call('POST', '/imports', { token: other, rawBody: [HEADER, ...rows].join('\n'), headers: { 'content-type': 'text/csv' } });
    expect(r.body).toMatchObject({ rows: 7, imported: 2, failed: 5 });
    expect(r.body.errors).toEqual([3, 4, 5, 6, 7].map((row) => ({ row, field: 'amount', message: expect.any(String) })));
    await kit.service.projections.catchUp();
    const debts = (await kit.call('GET', '/debts', { token: other })).body.items.map((d: { contractReference: string; originalAmount: { amount: number } }) => [d.contractReference, d.originalAmount.amount]);
    expect(debts.sort()).toEqual([
      ['AMT-0', 10],
      ['AMT-1', 123456],
    ]);
  });

  it("derives ids no other tenant can compute: ids taken in advance by another tenant do not swallow a tenant's rows", async () => {
    // what anyone could compute before: the unkeyed uuidv5 of the tenant and the natural keys
    const namespace = '6f1c2a52-8f5e-4b7a-9a3c-2d7f4c1b9e10';
    const cpf = generateCpf();
    const guessedDebtorId = uuidv5(`victim/debtor/${cpf}`, namespace);
    const guessedDebtId = uuidv5(`victim/debt/VICTIM-1`, namespace);
    const attacker = await kit.token('attacker', 'integrator');
    const squatter = await kit.call('POST', '/debtors', { token: attacker, idempotencyKey: key(), body: debtorBody({ taxId: generateCpf(), debtorId: guessedDebtorId }) });
    expect(squatter.status).toBe(201);
    expect((await kit.call('POST', '/debts', { token: attacker, idempotencyKey: key(), body: debtBody(guessedDebtorId, { debtId: guessedDebtId }) })).status).toBe(201);

    const victim = await kit.token('victim', 'integrator');
    const csvOfVictim = [HEADER, `${cpf},Vítima,SP,,,,VICTIM-1,10.00,BRL,2026-05-10,0.02`].join('\n');
    const r = await kit.call('POST', '/imports', { token: victim, rawBody: csvOfVictim, headers: { 'content-type': 'text/csv' } });
    expect(r.body).toMatchObject({ rows: 1, imported: 1, alreadyPresent: 0, failed: 0 });
    await kit.service.projections.catchUp();
    const [debt] = (await kit.call('GET', '/debts', { token: victim })).body.items;
    expect(debt).toMatchObject({ contractReference: 'VICTIM-1' });
    expect([debt.debtId, debt.debtorId]).not.toContain(guessedDebtId);
    expect(debt.debtorId).not.toBe(guessedDebtorId);
    // the same file again changes nothing: the ids are derived again, the same
    const again = await kit.call('POST', '/imports', { token: victim, rawBody: csvOfVictim, headers: { 'content-type': 'text/csv' } });
    expect(again.body).toMatchObject({ rows: 1, imported: 0, alreadyPresent: 1, failed: 0 });
  });

  describe('when the database fails during an import', () => {
    const tenant = 'broken-db';
    beforeAll(async () => {
      // a stand-in for a database failure (disk full) on this tenant's appends only
      await kit.service.store.driver.query(`CREATE FUNCTION test_fail_appends() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'could not extend file' USING ERRCODE = '53100'; END $$`);
      await kit.service.store.driver.query(`CREATE TRIGGER test_fail_appends BEFORE INSERT ON es_events FOR EACH ROW WHEN (NEW.tenant_id = '${tenant}' OR (NEW.tenant_id = 'broken-later' AND NEW.data->>'contractReference' = 'LATER-3')) EXECUTE FUNCTION test_fail_appends()`);
    });
    afterAll(async () => {
      await kit.service.store.driver.query('DROP TRIGGER test_fail_appends ON es_events');
      await kit.service.store.driver.query('DROP FUNCTION test_fail_appends()');
    });
    const file = () => [HEADER, ...[1, 2, 3].map((i) => `${generateCpf()},Devedor ${i},SP,,,,DB-${i},10.00,BRL,2026-05-10,0.02`)].join('\n');

    it('answers a 5xx problem, never a report of failed rows', async () => {
      const r = await kit.call('POST', '/imports', { token: await kit.token(tenant, 'integrator'), rawBody: file(), headers: { 'content-type': 'text/csv' } });
      expect(r.status).toBe(500);
      expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(r.body).not.toHaveProperty('failed');
    });

    it('ends the streamed answer with an error line that does not leak the database error', async () => {
      const r = await kit.call('POST', '/imports', {
        token: await kit.token(tenant, 'integrator'),
        rawBody: file(),
        headers: { 'content-type': 'text/csv', accept: 'application/x-ndjson' },
      });
      // a single line is parsed as JSON by the test client already
      const lines: Record<string, unknown>[] = typeof r.body === 'string' ? r.body.trim().split('\n').map((line) => JSON.parse(line)) : [r.body];
      expect(lines.some((l) => l['report'])).toBe(false);
      expect(lines.at(-1)).toEqual({ error: expect.objectContaining({ title: 'import stopped', status: 500 }) });
      expect(JSON.stringify(lines)).not.toMatch(/could not extend file/);
      const [row] = await kit.service.store.driver.query<{ n: string }>(`SELECT count(*)::text AS n FROM es_events WHERE tenant_id = '${tenant}'`);
      expect(row?.n).toBe('0');
    });

    it('stops at the batch that failed, keeping the batches before it and reading no further', async () => {
      const rows = [1, 2, 3, 4, 5, 6].map((i) => `${generateCpf()},Devedor ${i},SP,,,,LATER-${i},10.00,BRL,2026-05-10,0.02`);
      const r = await kit.call('POST', '/imports?batchSize=1', {
        token: await kit.token('broken-later', 'integrator'),
        rawBody: [HEADER, ...rows].join('\n'),
        headers: { 'content-type': 'text/csv', accept: 'application/x-ndjson' },
      });
      expect(r.body).toEqual({ error: expect.objectContaining({ title: 'import stopped' }) });
      await kit.service.projections.catchUp();
      const debts = (await kit.call('GET', '/debts', { token: await kit.token('broken-later', 'auditor') })).body.items;
      expect(debts.map((d: { contractReference: string }) => d.contractReference).sort()).toEqual(['LATER-1', 'LATER-2']);
    });
  });

  it('refuses another content type with 400', async () => {
    expect((await kit.call('POST', '/imports', { token, rawBody: 'x', headers: { 'content-type': 'text/plain' } })).status).toBe(400);
  });
});
