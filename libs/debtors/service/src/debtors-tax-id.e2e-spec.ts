import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { MasterKey } from '@collections/shared-pii';
import { NaturalKeyIds } from './shared/natural-key-ids';
import { debtBody, debtorBody } from './testing/debtors-fixtures';
import { key, startDebtorsTestKit, type DebtorsTestKit } from './testing/debtors-test-kit';

const HEADER = 'taxId,name,state,timeZone,phone,email,contractReference,amount,currency,dueDate,lateFeeRate';
const digits = (cpf: string) => cpf.replace(/\D/g, '');
const formatted = (cpf: string) => digits(cpf).replace(/^(\d{3})(\d{3})(\d{3})(\d{2})$/, '$1.$2.$3-$4');

describe('one debtor per CPF/CNPJ and tenant, by the API and the import (PostgreSQL)', () => {
  let kit: DebtorsTestKit;
  // the service's key, so that a test can compute the import's ids as the service does
  const masterKey = MasterKey.generate();

  beforeAll(async () => {
    kit = await startDebtorsTestKit('debtors_tax_id', { messaging: { kind: 'embedded' }, masterKey });
  });
  afterAll(async () => {
    await kit?.close();
  });

  const register = async (token: string, body: Record<string, unknown>) => kit.call('POST', '/debtors', { token, idempotencyKey: key(), body: debtorBody(body) });
  const importCsv = async (token: string, rows: readonly string[]) => kit.call('POST', '/imports', { token, rawBody: [HEADER, ...rows].join('\n'), headers: { 'content-type': 'text/csv' } });
  const row = (cpf: string, contract: string) => `${cpf},Devedor Importado,SP,,,,${contract},10.00,BRL,2026-05-10,0.02`;
  const count = async (sql: string, params: readonly unknown[]) => Number((await kit.service.store.driver.query<{ n: string }>(sql, params))[0]?.n);
  const debtorStreams = (tenant: string) => count(`SELECT count(*)::text AS n FROM es_streams WHERE tenant_id = $1 AND stream_id LIKE 'debtor-%'`, [tenant]);
  const events = (tenant: string) => count(`SELECT count(*)::text AS n FROM es_events WHERE tenant_id = $1`, [tenant]);

  it('refuses a second registration of a CPF by the API as already registered, naming the debtor, to that tenant only', async () => {
    const token = await kit.token('credor-a', 'integrator');
    const cpf = generateCpf();
    const first = await register(token, { taxId: formatted(cpf) });
    expect(first.status).toBe(201);
    const second = await register(token, { taxId: digits(cpf), name: 'Outra Pessoa' });
    expect(second.status).toBe(422);
    expect(second.body).toMatchObject({ code: 'DEBTOR_ALREADY_REGISTERED', detail: expect.stringContaining(first.body.debtorId) });
    // the same CPF at another creditor is another, independent debtor, and nothing of tenant A's shows
    const other = await register(await kit.token('credor-b', 'integrator'), { taxId: cpf });
    expect(other.status).toBe(201);
    expect(other.body.debtorId).not.toBe(first.body.debtorId);
    expect(JSON.stringify(other.body)).not.toContain(first.body.debtorId);
    expect(await debtorStreams('credor-a')).toBe(1);
  });

  it('lets exactly one of concurrent registrations of one CPF commit, leaving nothing of the others', async () => {
    const tenant = 'credor-concorrente';
    const token = await kit.token(tenant, 'integrator');
    const cpf = generateCpf();
    const replies = await Promise.all(Array.from({ length: 6 }, () => register(token, { taxId: cpf })));
    expect(replies.map((r) => r.status).sort()).toEqual([201, 422, 422, 422, 422, 422]);
    expect(await debtorStreams(tenant)).toBe(1);
    expect(await count(`SELECT count(*)::text AS n FROM debtor_tax_id_claims WHERE tenant_id = $1`, [tenant])).toBe(1);
    expect(await count(`SELECT count(*)::text AS n FROM pii_subject_keys WHERE tenant_id = $1`, [tenant])).toBe(1);
  });

  it('keeps no claim of a registration that was refused, and keeps no tax id in clear', async () => {
    const tenant = 'credor-recusado';
    const token = await kit.token(tenant, 'integrator');
    const taken = (await register(token, {})).body.debtorId;
    const cpf = generateCpf();
    // refused: the id is another debtor's; the CPF must stay free
    expect((await register(token, { taxId: cpf, debtorId: taken })).status).toBe(422);
    expect((await register(token, { taxId: cpf })).status).toBe(201);
    const indexes = await kit.service.store.driver.query<{ tax_id_index: string }>(`SELECT tax_id_index FROM debtor_tax_id_claims WHERE tenant_id = $1`, [tenant]);
    expect(indexes).toHaveLength(2);
    for (const { tax_id_index } of indexes) expect(tax_id_index).not.toContain(digits(cpf));
  });

  it('attaches an imported row to the debtor the API registered with its CPF, and refuses the API a CPF the import registered', async () => {
    const tenant = 'credor-misto';
    const token = await kit.token(tenant, 'integrator');
    const cpf = generateCpf();
    const viaApi = (await register(token, { taxId: cpf })).body.debtorId;
    const imported = await importCsv(token, [row(formatted(cpf), 'MIX-1')]);
    expect(imported.body).toMatchObject({ rows: 1, imported: 1, failed: 0 });
    await kit.service.projections.catchUp();
    const [debt] = (await kit.call('GET', '/debts', { token })).body.items;
    expect(debt).toMatchObject({ contractReference: 'MIX-1', debtorId: viaApi });
    expect(await debtorStreams(tenant)).toBe(1);
    // and the same row again changes nothing
    expect((await importCsv(token, [row(digits(cpf), 'MIX-1')])).body).toMatchObject({ rows: 1, imported: 0, alreadyPresent: 1, failed: 0 });

    const other = generateCpf();
    expect((await importCsv(token, [row(other, 'MIX-2')])).body).toMatchObject({ imported: 1 });
    await kit.service.projections.catchUp();
    const importedDebtor = (await kit.call('GET', '/debts', { token })).body.items.find((d: { contractReference: string }) => d.contractReference === 'MIX-2').debtorId;
    const refused = await register(token, { taxId: other });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'DEBTOR_ALREADY_REGISTERED', detail: expect.stringContaining(importedDebtor) });
    expect(await debtorStreams(tenant)).toBe(2);
  });

  it('attaches a row to the debtor of its CPF on the row-by-row path too (a batch whose transaction failed)', async () => {
    const tenant = 'credor-linha';
    const token = await kit.token(tenant, 'integrator');
    const cpf = generateCpf();
    const viaApi = (await register(token, { taxId: cpf })).body.debtorId;
    // a debt id of this tenant's file held by another tenant (only with the service's key): the batch fails, rows go one by one
    const squatter = await kit.token('credor-intruso', 'integrator');
    const squatterDebtor = (await register(squatter, {})).body.debtorId;
    const takenDebtId = new NaturalKeyIds(masterKey.deriveKey('natural-key-ids')).debtId(tenant, 'LINE-2');
    expect((await kit.call('POST', '/debts', { token: squatter, idempotencyKey: key(), body: { ...debtBody(squatterDebtor), debtId: takenDebtId } })).status).toBe(201);

    const r = await importCsv(token, [row(cpf, 'LINE-1'), row(generateCpf(), 'LINE-2')]);
    expect(r.body).toMatchObject({ rows: 2, failed: 0 });
    await kit.service.projections.catchUp();
    const [debt] = (await kit.call('GET', '/debts', { token })).body.items.filter((d: { contractReference: string }) => d.contractReference === 'LINE-1');
    expect(debt.debtorId).toBe(viaApi);
    expect(await debtorStreams(tenant)).toBe(2);
  });

  it('frees the CPF on erasure (the claim goes with the key): a later registration is a new debtor', async () => {
    const tenant = 'credor-apagado';
    const token = await kit.token(tenant, 'integrator');
    const admin = await kit.token(tenant, 'admin');
    const cpf = generateCpf();
    const first = (await register(token, { taxId: cpf })).body.debtorId;
    expect((await kit.call('POST', `/debtors/${first}/erasure`, { token: admin, idempotencyKey: key() })).status).toBeLessThan(300);
    expect(await count(`SELECT count(*)::text AS n FROM debtor_tax_id_claims WHERE tenant_id = $1`, [tenant])).toBe(0);
    const again = await register(token, { taxId: cpf });
    expect(again.status).toBe(201);
    expect(again.body.debtorId).not.toBe(first);
  });

  describe('an imported row whose debtor was erased', () => {
    const tenant = 'credor-importa-apagado';
    const cpf = generateCpf();
    let token: string;
    let debtorId: string;

    beforeAll(async () => {
      token = await kit.token(tenant, 'integrator');
      expect((await importCsv(token, [row(cpf, 'ERA-1')])).body).toMatchObject({ imported: 1 });
      await kit.service.projections.catchUp();
      debtorId = (await kit.call('GET', '/debts', { token })).body.items[0].debtorId;
      expect((await kit.call('POST', `/debtors/${debtorId}/erasure`, { token: await kit.token(tenant, 'admin'), idempotencyKey: key() })).status).toBeLessThan(300);
    });

    it('is a row error DEBTOR_ERASED, for a row imported before and a new debt alike, and adds nothing', async () => {
      const before = await events(tenant);
      for (const rows of [[row(cpf, 'ERA-1')], [row(cpf, 'ERA-2')], [row(cpf, 'ERA-1'), row(cpf, 'ERA-3')]]) {
        const r = await importCsv(token, rows);
        expect(r.status).toBe(200);
        expect(r.body).toMatchObject({ rows: rows.length, imported: 0, alreadyPresent: 0, failed: rows.length });
        expect(r.body.errors).toEqual(rows.map((_, i) => ({ row: i + 1, field: '(row)', code: 'DEBTOR_ERASED', message: expect.any(String) })));
      }
      expect(await events(tenant)).toBe(before);
    });

    it('goes to the new debtor once the CPF is registered again', async () => {
      const again = await register(token, { taxId: cpf });
      expect(again.status).toBe(201);
      expect((await importCsv(token, [row(cpf, 'ERA-4')])).body).toMatchObject({ imported: 1, failed: 0 });
      await kit.service.projections.catchUp();
      const debt = (await kit.call('GET', '/debts', { token })).body.items.find((d: { contractReference: string }) => d.contractReference === 'ERA-4');
      expect(debt.debtorId).toBe(again.body.debtorId);
    });
  });

  describe('with a pool of one connection (embedded mode)', () => {
    let single: DebtorsTestKit;
    beforeAll(async () => {
      single = await startDebtorsTestKit('debtors_tax_id_single', { messaging: { kind: 'embedded' }, singleConnection: true });
    });
    afterAll(async () => {
      await single?.close();
    });

    it('refuses a registration on an existing debtor id without waiting on its own transaction', async () => {
      const token = await single.token('credor-embutido', 'integrator');
      const first = await single.call('POST', '/debtors', { token, idempotencyKey: key(), body: debtorBody() });
      expect(first.status).toBe(201);
      // the registration reads (and decrypts) the existing history inside its transaction
      const again = single.call('POST', '/debtors', { token, idempotencyKey: key(), body: debtorBody({ debtorId: first.body.debtorId }) });
      const timeout = new Promise<'stuck'>((resolve) => setTimeout(() => resolve('stuck'), 4_000).unref());
      const reply = await Promise.race([again, timeout]);
      expect(reply).not.toBe('stuck');
      expect(reply).toMatchObject({ status: 422, body: { code: 'DEBTOR_ALREADY_REGISTERED' } });
    });
  });
});
