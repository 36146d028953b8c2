import { BUREAUS } from '@collections/legal-domain';
import { HttpBureauGateway } from './bureaus';
import { FakeBureauServer, startFakeBureaus } from './fake-bureaus';
import { HttpNotaryGateway } from './notary';

const ORDER = { tenantId: 'tenant-a', debtId: '0192f6a0-0000-7000-8000-0000000000d1', taxId: '529.982.247-25', name: 'Maria da Silva', amount: { amount: 150_099, currency: 'BRL' as const }, dueDate: '2026-01-01' };

/** The bureau adapters against local fake servers over real HTTP: shapes, retries, refusals, garbage. */
describe('bureau and notary adapters over HTTP', () => {
  let fakes: Awaited<ReturnType<typeof startFakeBureaus>>;
  let notary: FakeBureauServer;
  beforeAll(async () => {
    fakes = await startFakeBureaus();
    notary = await FakeBureauServer.start('cenprot');
  });
  afterAll(async () => {
    await Promise.all([...BUREAUS.map((b) => fakes[b].close()), notary.close()]);
  });
  // A short timeout where the test makes the fake hang; a generous one where it counts attempts on a
  // healthy fake, so a busy machine's slow first request is not read as a retry.
  const gateway = (bureau: (typeof BUREAUS)[number], maxAttempts = 3, timeoutMs = 200) => new HttpBureauGateway(bureau, { baseUrl: fakes[bureau].url, maxAttempts, timeoutMs, backoffMs: 5 });

  it.each(BUREAUS)('%s: lists with its own shape and removes with the protocol it answered', async (bureau) => {
    const listed = await gateway(bureau, 3, 10_000).list(ORDER);
    expect(listed).toMatchObject({ kind: 'done', attempts: 1 });
    const protocol = listed.kind === 'done' ? listed.protocol : '';
    expect(protocol).toMatch(new RegExp(`^${bureau.toUpperCase()}-`));
    const removed = await gateway(bureau, 3, 10_000).remove({ tenantId: 'tenant-a', debtId: ORDER.debtId, protocol });
    expect(removed).toMatchObject({ kind: 'done' });
    expect(fakes[bureau].removals()).toHaveLength(1);
  });

  it('sends SPC the amount in reais as a decimal string, Serasa in centavos', () => {
    expect(fakes.spc.listings()[0]?.body).toMatchObject({ valor: '1500.99', cpfCnpj: ORDER.taxId });
    expect(fakes.serasa.listings()[0]?.body).toMatchObject({ valorCentavos: 150_099 });
  });

  it('retries a 5xx and a timeout, then succeeds; gives up after the bounded attempts', async () => {
    fakes.serasa.answerNext({ status: 502 }, 'timeout');
    expect(await gateway('serasa').list(ORDER)).toMatchObject({ kind: 'done', attempts: 3 });
    fakes.serasa.answerNext({ status: 500 }, { status: 500 });
    expect(await gateway('serasa', 2).list(ORDER)).toMatchObject({ kind: 'failed', attempts: 2, garbage: false, reason: expect.stringContaining('after 2 attempts') });
  });

  it('does not retry a 4xx (the bureau refused the order)', async () => {
    const before = fakes.boavista.requests.length;
    fakes.boavista.answerNext({ status: 422 });
    expect(await gateway('boavista').list(ORDER)).toMatchObject({ kind: 'failed', attempts: 1, garbage: false });
    expect(fakes.boavista.requests.length).toBe(before + 1);
  });

  it('refuses garbage (not JSON, or a 2xx without a valid protocol) without retrying: nothing listed', async () => {
    fakes.spc.answerNext('garbage');
    expect(await gateway('spc').list(ORDER)).toMatchObject({ kind: 'failed', garbage: true, attempts: 1 });
    // valid JSON in another bureau's shape (SPC's answer read as Serasa's) carries no protocol
    expect(await new HttpBureauGateway('serasa', { baseUrl: fakes.spc.url, maxAttempts: 1 }).list(ORDER)).toMatchObject({ kind: 'failed', garbage: true });
  });

  it('files a protest at CENPROT and cancels it with its protocol', async () => {
    const gatewayN = new HttpNotaryGateway({ baseUrl: notary.url, timeoutMs: 10_000, backoffMs: 5 });
    const filed = await gatewayN.file({ ...ORDER, protestId: 'p-1' });
    expect(filed).toMatchObject({ kind: 'done' });
    expect(notary.requests[0]).toMatchObject({ method: 'POST', path: '/cenprot/v1/protestos', body: { devedor: { documento: ORDER.taxId }, valorCentavos: 150_099 } });
    const cancelled = await gatewayN.cancel({ tenantId: 'tenant-a', debtId: ORDER.debtId, protocol: filed.kind === 'done' ? filed.protocol : '' });
    expect(cancelled).toMatchObject({ kind: 'done' });
    expect(notary.requests[1]?.method).toBe('DELETE');
  });
});
