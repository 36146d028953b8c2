import { createHmac } from 'node:crypto';
import { generateCpf, getPixPayloadInfo, isValidBoleto, isValidPixPayload } from '@brazilian-utils/brazilian-utils';
import { CNAB240_BATCH_HEADER, CNAB240_BATCH_TRAILER, CNAB240_FILE_HEADER, CNAB240_FILE_TRAILER, CNAB240_SEGMENT_T, CNAB240_SEGMENT_U, formatRecord } from '@collections/payments-reconciliation';
import { parsePixPayload } from '@collections/payments-domain';
import { eventually } from '@collections/shared-testing';
import { endToEndId, signedPixNotice, startPaymentsWithDebtors } from './payments-with-debtors';

/**
 * The payments service through its REST API beside the debtors service, on one PostgreSQL
 * database (the embedded transport carries PaymentAllocated to debtors; payments reads the
 * debts' balances through the debtors' API). The test clock is Monday 2026-03-02 12:00 UTC.
 */
describe('payments against the debtors service', () => {
  let kit: Awaited<ReturnType<typeof startPaymentsWithDebtors>>;
  let integrator: string;
  let sequence = 0;
  const key = (): string => `payments-e2e-${process.pid}-${++sequence}`;
  const TENANT = 'lojas-acao';
  const SECRET = 'whsec-lojas-acao-0123456789abcdef0123456789';
  const CARD_SECRET = 'cardsec-lojas-acao-0123456789abcdef012345678';
  const SETTINGS = {
    pix: { key: 'cobranca@lojas-acao.example', merchantName: 'Lojas Acao S.A.', merchantCity: 'Sao Paulo', locationBaseUrl: 'pix.psp.example/qr/v2' },
    boleto: { bankCode: '001', convenio: '1234567', carteira: '17', beneficiaryName: 'Lojas Ação S.A.', beneficiaryTaxId: '11.222.333/0001-81' },
    webhookSecret: SECRET,
    cardWebhookSecret: CARD_SECRET,
  };

  beforeAll(async () => {
    kit = await startPaymentsWithDebtors('payments_e2e');
    integrator = await kit.token(TENANT, 'integrator', 'supervisor');
    const settings = await kit.call('PUT', '/settings', { token: integrator, body: SETTINGS });
    expect(settings.status).toBe(200);
    expect(settings.body).toMatchObject({ webhookSecretSet: true });
    expect(JSON.stringify(settings.body)).not.toContain(SECRET);
  });
  afterAll(async () => {
    await kit?.close();
  });

  /** A debtor with a debt of R$ 1.500,00 due 2026-02-20 (overdue: late fee and interest accrue). */
  async function debt(originalAmount = 150_000, dueDate = '2026-02-20', debtorId?: string): Promise<{ debtorId: string; debtId: string }> {
    let id = debtorId;
    if (!id) {
      const debtor = await kit.debtorsCall('POST', '/debtors', { token: integrator, idempotencyKey: key(), body: { taxId: generateCpf(), name: 'Maria da Silva', state: 'SP', timeZone: 'America/Sao_Paulo', contactPoints: [] } });
      expect(debtor.status).toBe(201);
      id = debtor.body.debtorId as string;
    }
    const registered = await kit.debtorsCall('POST', '/debts', { token: integrator, idempotencyKey: key(), body: { debtorId: id, contractReference: `CTR-${key()}`, originalAmount: { amount: originalAmount, currency: 'BRL' }, dueDate, lateFeeRate: '0.02' } });
    expect(registered.status).toBe(201);
    return { debtorId: id, debtId: registered.body.debtId };
  }
  const debtNow = async (debtId: string) => (await kit.debtorsCall('GET', `/debts/${debtId}`, { token: integrator })).body;
  const charge = async (body: Record<string, unknown>) => {
    const reply = await kit.call('POST', '/charges', { token: integrator, idempotencyKey: key(), body });
    expect(reply.status).toBe(201);
    return reply.body;
  };
  const pix = (notices: Parameters<typeof signedPixNotice>[1], secret = SECRET) => {
    const { rawBody, headers } = signedPixNotice(secret, notices);
    return kit.call('POST', `/webhooks/pix/${TENANT}`, { rawBody, headers });
  };
  const eventsOf = async (types: string[]) =>
    Number((await kit.service.payments.store.driver.query<{ n: string }>('SELECT count(*)::text AS n FROM es_events WHERE tenant_id = $1 AND event_type = ANY($2::text[])', [TENANT, types]))[0]?.n);

  it('issues a charge for what the debt owes today: a dynamic PIX whose BR Code parses back with its CRC, and a Banco do Brasil boleto whose line validates', async () => {
    const { debtId } = await debt();
    const owed = (await debtNow(debtId)).balance.totalDue;
    const issued = await charge({ debtIds: [debtId], dueDate: '2026-03-10' });
    expect(issued).toMatchObject({ status: 'open', amount: owed, debtIds: [debtId], agreementId: null, dueDate: '2026-03-10' });
    expect(issued.txid).toMatch(/^[a-f0-9]{32}$/);
    expect(parsePixPayload(issued.pixCopyPaste).fields).toMatchObject({ pointOfInitiation: 'dynamic', url: `pix.psp.example/qr/v2/${issued.txid}`, amount: owed, merchantName: 'Lojas Acao S.A.' });
    expect(issued.boleto.line).toMatch(/^\d{47}$/);
    // and an independent implementation (@brazilian-utils) reads both the same way
    expect(isValidPixPayload(issued.pixCopyPaste)).toBe(true);
    expect(getPixPayloadInfo(issued.pixCopyPaste)).toMatchObject({ pointOfInitiation: 'dynamic', url: `pix.psp.example/qr/v2/${issued.txid}`, merchantName: 'Lojas Acao S.A.' });
    expect(isValidBoleto(issued.boleto.line)).toBe(true);
    const validated = await kit.call('POST', '/boletos/validate', { token: integrator, body: { line: issued.boleto.formattedLine } });
    expect(validated.body).toMatchObject({ valid: true, bankCode: '001', dueDate: '2026-03-10', amount: owed });
    const wrong = issued.boleto.line.slice(0, 12) + String((Number(issued.boleto.line[12]) + 1) % 10) + issued.boleto.line.slice(13);
    const refused = await kit.call('POST', '/boletos/validate', { token: integrator, body: { line: wrong } });
    expect(refused.body).toEqual({ valid: false, problems: [expect.stringMatching(/field 2's check digit/)] });
    const png = await kit.call('GET', `/charges/${issued.chargeId}/qr.png`, { token: integrator });
    expect([png.status, png.headers.get('content-type')]).toEqual([200, 'image/png']);
    const pdf = await kit.call('GET', `/charges/${issued.chargeId}/boleto.pdf`, { token: integrator });
    expect([pdf.status, pdf.headers.get('content-type'), String(pdf.body).slice(0, 5)]).toEqual([200, 'application/pdf', '%PDF-']);
  });

  it('refuses a charge above what the debt owes (CDC art. 42) and one for a debt it cannot see', async () => {
    const { debtId } = await debt();
    const owed = (await debtNow(debtId)).balance.totalDue.amount;
    const above = await kit.call('POST', '/charges', { token: integrator, idempotencyKey: key(), body: { debtIds: [debtId], amount: { amount: owed + 1, currency: 'BRL' }, dueDate: '2026-03-10' } });
    expect([above.status, above.body.code]).toEqual([422, 'AMOUNT_ABOVE_BALANCE']);
    const other = await kit.call('POST', '/charges', { token: await kit.token('outra-loja', 'integrator'), idempotencyKey: key(), body: { debtIds: [debtId], dueDate: '2026-03-10' } });
    expect(other.status).toBe(404);
  });

  it('a signed PIX notification pays the charge: the debt in the debtors service is settled; the same notification again changes nothing', async () => {
    const { debtId } = await debt();
    const issued = await charge({ debtIds: [debtId], dueDate: '2026-03-10' });
    const valor = (issued.amount.amount / 100).toFixed(2);
    const notice = [{ endToEndId: endToEndId(1), txid: issued.txid, valor, horario: '2026-03-02T11:30:00.000Z' }];
    const first = await pix(notice);
    expect(first.status).toBe(200);
    expect(first.body.results).toEqual([{ endToEndId: endToEndId(1), paymentId: `pix-${endToEndId(1)}`, status: 'allocated' }]);
    await eventually(async () => expect(await debtNow(debtId)).toMatchObject({ status: 'settled', balance: { totalDue: { amount: 0 } } }));
    expect((await kit.call('GET', `/charges/${issued.chargeId}`, { token: integrator })).body).toMatchObject({ status: 'paid', paid: issued.amount });
    const allocatedBefore = await eventsOf(['PaymentAllocated', 'PaymentReceived', 'ChargePaid']);

    // the PSP posts to the registered URL with /pix appended (BACEN PIX API): the same webhook
    const { rawBody, headers } = signedPixNotice(SECRET, notice);
    const again = await kit.call('POST', `/webhooks/pix/${TENANT}/pix`, { rawBody, headers });
    expect(again.body.results[0].status).toBe('repeated');
    expect(await eventsOf(['PaymentAllocated', 'PaymentReceived', 'ChargePaid'])).toBe(allocatedBefore);
    expect((await debtNow(debtId)).balance.paid).toEqual(issued.amount);
  });

  it('answers 401 to a notification with a bad, missing or foreign signature, and records nothing', async () => {
    const before = await eventsOf(['PaymentReceived']);
    const notice = [{ endToEndId: endToEndId(2), txid: 'x'.repeat(32), valor: '10.00', horario: '2026-03-02T11:30:00.000Z' }];
    expect((await pix(notice, 'another-secret-that-is-32-characters-long')).status).toBe(401);
    const { rawBody } = signedPixNotice(SECRET, notice);
    expect((await kit.call('POST', `/webhooks/pix/${TENANT}`, { rawBody })).status).toBe(401);
    expect((await kit.call('POST', '/webhooks/pix/no-such-tenant', signedPixNotice(SECRET, notice))).status).toBe(401);
    // signed over other bytes than those sent
    const tampered = signedPixNotice(SECRET, notice);
    expect((await kit.call('POST', `/webhooks/pix/${TENANT}`, { rawBody: tampered.rawBody.replace('10.00', '99.00'), headers: tampered.headers })).status).toBe(401);
    expect(await eventsOf(['PaymentReceived'])).toBe(before);
  });

  it('parks a credit whose txid no charge has, lists it, and allocates it once matched by hand', async () => {
    const { debtId } = await debt();
    const issued = await charge({ debtIds: [debtId], dueDate: '2026-03-10' });
    const parked = await pix([{ endToEndId: endToEndId(3), txid: 'unknowntxid000000000000000000001', valor: '500.00', horario: '2026-03-02T10:00:00-03:00' }]);
    expect(parked.body.results[0].status).toBe('parked');
    const unmatched = await kit.call('GET', '/reconciliation/unmatched', { token: integrator });
    expect(unmatched.body.items).toContainEqual(expect.objectContaining({ paymentId: `pix-${endToEndId(3)}`, amount: { amount: 50_000, currency: 'BRL' }, paidOn: '2026-03-02', method: 'pix', reference: 'unknowntxid000000000000000000001' }));
    const owedBefore = (await debtNow(debtId)).balance.totalDue.amount;
    const receivedEvents = async () =>
      Number((await kit.service.payments.store.driver.query<{ n: string }>("SELECT count(*)::text AS n FROM es_events WHERE event_type = 'PaymentReceived' AND data->>'paymentId' = $1", [`pix-${endToEndId(3)}`]))[0]?.n);
    // parked: not yet "received" for the other contexts (nothing to tell an agreement yet)
    expect(await receivedEvents()).toBe(0);

    const matched = await kit.call('POST', `/reconciliation/unmatched/pix-${endToEndId(3)}/match`, { token: integrator, idempotencyKey: key(), body: { chargeId: issued.chargeId } });
    expect(matched.status).toBe(200);
    expect(matched.body).toMatchObject({ status: 'allocated', chargeId: issued.chargeId, allocations: [{ debtId, amount: { amount: 50_000, currency: 'BRL' } }], credit: { amount: 0 }, unallocated: { amount: 0 } });
    expect(await receivedEvents()).toBe(1);
    await eventually(async () => expect((await debtNow(debtId)).balance.totalDue.amount).toBe(owedBefore - 50_000));
    expect((await kit.call('GET', '/reconciliation/unmatched', { token: integrator })).body.items.map((i: { paymentId: string }) => i.paymentId)).not.toContain(`pix-${endToEndId(3)}`);
    const twice = await kit.call('POST', `/reconciliation/unmatched/pix-${endToEndId(3)}/match`, { token: integrator, idempotencyKey: key(), body: { chargeId: (await charge({ debtIds: [debtId], amount: { amount: 100, currency: 'BRL' }, dueDate: '2026-03-10' })).chargeId } });
    expect([twice.status, twice.body.code]).toEqual([422, 'PAYMENT_NOT_PARKED']);
  });

  it('keeps what a TED pays beyond the debt as the debtor credit, and a reversal gives back exactly what it paid and reopens the charge', async () => {
    const { debtorId, debtId } = await debt(50_000);
    const issued = await charge({ debtIds: [debtId], dueDate: '2026-03-10' });
    const owed = issued.amount.amount;
    const ted = await kit.call('POST', '/payments', { token: integrator, idempotencyKey: key(), body: { method: 'ted', reference: 'TED-0001', amount: { amount: owed + 1_234, currency: 'BRL' }, paidOn: '2026-03-02', chargeId: issued.chargeId } });
    expect(ted.status).toBe(201);
    expect(ted.body).toMatchObject({ paymentId: 'ted-TED-0001', status: 'allocated', allocations: [{ debtId, amount: { amount: owed } }], credit: { amount: 1_234 } });
    await eventually(async () => expect((await debtNow(debtId)).status).toBe('settled'));

    const reversal = await kit.call('POST', '/payments/ted-TED-0001/reversal', { token: integrator, idempotencyKey: key(), body: { kind: 'chargeback', reason: 'MED: contestação do pagador' } });
    expect(reversal.status).toBe(200);
    expect(reversal.body).toMatchObject({ status: 'reversed', allocations: [], credit: { amount: 0 } });
    const [reversed] = await kit.service.payments.store.driver.query<{ data: { allocations: unknown; creditReleased: unknown; reversedOn: string } }>(
      "SELECT data FROM es_events WHERE tenant_id = $1 AND event_type = 'PaymentReversed' AND data->>'paymentId' = 'ted-TED-0001'",
      [TENANT],
    );
    expect(reversed?.data).toMatchObject({ allocations: [{ debtId, amount: { amount: owed, currency: 'BRL' } }], creditReleased: { amount: 1_234, currency: 'BRL' }, reversedOn: '2026-03-02' });
    expect((await kit.call('GET', `/charges/${issued.chargeId}`, { token: integrator })).body).toMatchObject({ status: 'open', paid: { amount: 0 } });
    const twice = await kit.call('POST', '/payments/ted-TED-0001/reversal', { token: integrator, idempotencyKey: key(), body: { kind: 'reversal', reason: 'again' } });
    expect(twice.status).toBe(200);
    expect(await eventsOf(['PaymentReversed'])).toBe(1);
    expect(debtorId).toBeDefined();
  });

  it("splits an agreement installment's payment across its debts, the oldest first, to the centavo", async () => {
    const older = await debt(30_000, '2026-01-10');
    const newer = await debt(40_000, '2026-02-10', older.debtorId);
    const olderOwed = (await debtNow(older.debtId)).balance.totalDue.amount;
    const issued = await charge({ debtIds: [newer.debtId, older.debtId], agreementId: '0192f6a0-0000-7000-8000-00000000e001', installment: 1, amount: { amount: olderOwed + 10_000, currency: 'BRL' }, dueDate: '2026-03-10' });
    const paid = await pix([{ endToEndId: endToEndId(4), txid: issued.txid, valor: (issued.amount.amount / 100).toFixed(2), horario: '2026-03-02T11:00:00Z' }]);
    expect(paid.body.results[0].status).toBe('allocated');
    const payment = (await kit.call('GET', `/payments/pix-${endToEndId(4)}`, { token: integrator })).body;
    expect(payment.allocations).toEqual([
      { debtId: older.debtId, amount: { amount: olderOwed, currency: 'BRL' } },
      { debtId: newer.debtId, amount: { amount: 10_000, currency: 'BRL' } },
    ]);
    await eventually(async () => expect((await debtNow(older.debtId)).status).toBe('settled'));
    const [published] = await kit.service.payments.store.driver.query<{ n: string }>(
      "SELECT count(*)::text AS n FROM es_events WHERE event_type = 'PaymentAllocated' AND data->>'paymentId' = $1 AND data->>'agreementId' = '0192f6a0-0000-7000-8000-00000000e001'",
      [`pix-${endToEndId(4)}`],
    );
    expect(published?.n).toBe('2');
  });

  it('imports a CNAB 240 return with a report per line (settled, unknown, confirmed, malformed); the same file again changes nothing', async () => {
    const { debtId } = await debt();
    const issued = await charge({ debtIds: [debtId], dueDate: '2026-03-10' });
    const T = (n: number, nossoNumero: string, code: string, face: number) =>
      formatRecord(CNAB240_SEGMENT_T, { bank: '001', batch: '0001', recordType: '3', sequence: n, segment: 'T', movementCode: code, nossoNumero, faceValue: face, dueDate: '2026-03-10', payerName: 'MARIA DA SILVA', tariff: 150 });
    const U = (n: number, code: string, paid: number) =>
      formatRecord(CNAB240_SEGMENT_U, { bank: '001', batch: '0001', recordType: '3', sequence: n, segment: 'U', movementCode: code, interestPaid: 0, amountPaid: paid, netCredited: Math.max(0, paid - 150), occurredOn: '2026-03-02', creditedOn: code === '06' ? '2026-03-02' : undefined });
    const face = issued.amount.amount;
    const lines = [
      formatRecord(CNAB240_FILE_HEADER, { bank: '001', batch: '0000', recordType: '0', companyTaxIdType: '2', companyTaxId: '11222333000181', companyName: 'LOJAS ACAO SA', bankName: 'BANCO DO BRASIL S.A.', generatedOn: '2026-03-02', generatedAt: '063000', fileSequence: 1, layoutVersion: '103' }),
      formatRecord(CNAB240_BATCH_HEADER, { bank: '001', batch: '0001', recordType: '1', service: '01', batchLayoutVersion: '060', companyName: 'LOJAS ACAO SA', recordedOn: '2026-03-02', creditedOn: '2026-03-02' }),
      T(1, issued.boleto.nossoNumero, '06', face),
      U(2, '06', face),
      T(3, '12345679999999999', '06', 20_000),
      U(4, '06', 20_000),
      T(5, issued.boleto.nossoNumero, '02', face),
      U(6, '02', 0),
      `${'0013'}${'x'.repeat(100)}`,
      formatRecord(CNAB240_BATCH_TRAILER, { bank: '001', batch: '0001', recordType: '5', recordCount: 8, simpleCount: 3, simpleTotal: face * 2 + 20_000 }),
      formatRecord(CNAB240_FILE_TRAILER, { bank: '001', batch: '9999', recordType: '9', batchCount: 1, recordCount: 11 }),
    ];
    const content = lines.join('\r\n');
    const imported = await kit.call('POST', '/reconciliation/files', { token: integrator, body: { content } });
    expect(imported.status).toBe(200);
    expect(imported.body.counts).toMatchObject({ allocated: 1, parked: 1, ignored: 1, repeated: 0 });
    expect(imported.body.counts.rejected).toBeGreaterThanOrEqual(1);
    expect(imported.body.lines).toContainEqual(expect.objectContaining({ line: 3, status: 'allocated', chargeId: issued.chargeId }));
    expect(imported.body.lines).toContainEqual(expect.objectContaining({ line: 5, status: 'parked' }));
    expect(imported.body.lines).toContainEqual(expect.objectContaining({ line: 9, status: 'rejected' }));
    await eventually(async () => expect((await debtNow(debtId)).status).toBe('settled'));
    const before = await eventsOf(['PaymentReceived', 'PaymentAllocated', 'PaymentParked', 'ChargePaid']);

    // the same file again, sent as its own bytes rather than inside JSON
    const again = await kit.call('POST', '/reconciliation/files', { token: integrator, rawBody: content, headers: { 'content-type': 'text/plain' } });
    expect(again.body.counts).toMatchObject({ allocated: 0, parked: 0, repeated: 2 });
    expect(await eventsOf(['PaymentReceived', 'PaymentAllocated', 'PaymentParked', 'ChargePaid'])).toBe(before);
  });

  it('a signed card capture pays a charge; a stale or forged signature is 401; a chargeback reverses it; repeats change nothing', async () => {
    const { debtId } = await debt();
    const issued = await charge({ debtIds: [debtId], amount: { amount: 25_000, currency: 'BRL' }, dueDate: '2026-03-10' });
    const card = (event: Record<string, unknown>, at = Date.parse('2026-03-02T12:00:00Z') / 1000, secret = CARD_SECRET) => {
      const rawBody = JSON.stringify(event);
      const signature = `t=${at},v1=${createHmac('sha256', secret).update(`${at}.${rawBody}`).digest('hex')}`;
      return kit.call('POST', `/webhooks/card/${TENANT}`, { rawBody, headers: { 'x-card-signature': signature } });
    };
    const captured = { id: 'evt_1', type: 'payment.captured', data: { paymentId: 'pay_abc123', chargeId: issued.chargeId, amount: 25_000, currency: 'BRL', occurredAt: '2026-03-02T11:59:00Z' } };
    expect((await card(captured, Date.parse('2026-03-02T11:50:00Z') / 1000)).status).toBe(401);
    expect((await card(captured, undefined, 'another-secret-of-at-least-32-characters!!')).status).toBe(401);
    const paid = await card(captured);
    expect(paid.body).toEqual({ eventId: 'evt_1', paymentId: 'card-pay_abc123', status: 'allocated' });
    expect((await card(captured)).body.status).toBe('repeated');
    expect((await kit.call('GET', `/charges/${issued.chargeId}`, { token: integrator })).body.status).toBe('paid');

    const chargeback = { id: 'evt_2', type: 'payment.chargeback', data: { paymentId: 'pay_abc123', amount: 25_000, currency: 'BRL', occurredAt: '2026-03-02T11:59:30Z', reason: 'fraud' } };
    expect((await card(chargeback)).body).toEqual({ eventId: 'evt_2', paymentId: 'card-pay_abc123', status: 'reversed' });
    expect((await card(chargeback)).body.status).toBe('repeated');
    expect((await kit.call('GET', '/payments/card-pay_abc123', { token: integrator })).body).toMatchObject({ status: 'reversed', method: 'card' });
    expect((await kit.call('GET', `/charges/${issued.chargeId}`, { token: integrator })).body.status).toBe('open');
  });

  it('a second credit on a charge already paid, arriving before the debtors service recorded the first, becomes credit: the debt is never paid twice', async () => {
    const { debtId } = await debt();
    const issued = await charge({ debtIds: [debtId], dueDate: '2026-03-10' });
    const valor = (issued.amount.amount / 100).toFixed(2);
    // both in one notification: the second is handled a few milliseconds after the first,
    // before the first's PaymentAllocated has reached the debtors service
    const both = await pix([
      { endToEndId: endToEndId(6), txid: issued.txid, valor, horario: '2026-03-02T11:00:00Z' },
      { endToEndId: endToEndId(7), txid: issued.txid, valor, horario: '2026-03-02T11:00:01Z' },
    ]);
    expect(both.body.results.map((r: { status: string }) => r.status)).toEqual(['allocated', 'allocated']);
    const second = (await kit.call('GET', `/payments/pix-${endToEndId(7)}`, { token: integrator })).body;
    expect(second).toMatchObject({ allocations: [], credit: issued.amount });
    await eventually(async () => expect((await debtNow(debtId)).balance).toMatchObject({ paid: issued.amount, overpaid: { amount: 0 }, totalDue: { amount: 0 } }));
  });

  it('imports an OFX statement as Brazilian banks export it: a TED matched to its charge by amount and date, a debit ignored, an unknown credit parked, a bad amount rejected; again, nothing changes', async () => {
    const { debtId } = await debt();
    const issued = await charge({ debtIds: [debtId], amount: { amount: 43_210, currency: 'BRL' }, dueDate: '2026-03-03' });
    const transaction = (type: string, posted: string, amount: string, fitId: string, memo: string) => ['<STMTTRN>', `<TRNTYPE>${type}`, `<DTPOSTED>${posted}`, `<TRNAMT>${amount}`, `<FITID>${fitId}`, `<MEMO>${memo}`, '</STMTTRN>'];
    const ofx = [
      'OFXHEADER:100', 'DATA:OFXSGML', 'VERSION:102', 'SECURITY:NONE', 'ENCODING:USASCII', 'CHARSET:1252', 'COMPRESSION:NONE', 'OLDFILEUID:NONE', 'NEWFILEUID:NONE', '',
      '<OFX>', '<BANKMSGSRSV1>', '<STMTTRNRS>', '<TRNUID>1001', '<STMTRS>', '<CURDEF>BRL',
      '<BANKACCTFROM>', '<BANKID>0341', '<ACCTID>0057123457', '<ACCTTYPE>CHECKING', '</BANKACCTFROM>',
      '<BANKTRANLIST>', '<DTSTART>20260301000000[-3:BRT]', '<DTEND>20260302235959[-3:BRT]',
      ...transaction('CREDIT', '20260302100000[-3:BRT]', '432,10', '202603020001', 'TED RECEBIDA 237 0001 MARIA DA SILVA'),
      ...transaction('DEBIT', '20260302000000[-3:BRT]', '-10,00', '202603020002', 'TAR PACOTE SERVICOS'),
      ...transaction('CREDIT', '20260301', '77,77', '202603010001', 'TED RECEBIDA SEM REFERENCIA'),
      ...transaction('CREDIT', '20260301', '12,34,56', '202603010002', 'VALOR ILEGIVEL'),
      '</BANKTRANLIST>', '</STMTRS>', '</STMTTRNRS>', '</BANKMSGSRSV1>', '</OFX>', '',
    ].join('\r\n');
    const imported = await kit.call('POST', '/reconciliation/files', { token: integrator, rawBody: ofx, headers: { 'content-type': 'text/plain' } });
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ kind: 'ofx', counts: { allocated: 1, parked: 1, ignored: 1, rejected: 1, repeated: 0 } });
    expect(imported.body.lines).toContainEqual(expect.objectContaining({ status: 'allocated', chargeId: issued.chargeId, paymentId: 'ofx-0341.0057123457.202603020001' }));
    expect((await kit.call('GET', `/charges/${issued.chargeId}`, { token: integrator })).body).toMatchObject({ status: 'paid', paid: { amount: 43_210 } });
    const again = await kit.call('POST', '/reconciliation/files', { token: integrator, rawBody: ofx, headers: { 'content-type': 'text/plain' } });
    expect(again.body.counts).toMatchObject({ allocated: 0, parked: 0, repeated: 2, rejected: 1 });
  });

  it('returns a parked TED privately: it leaves the unmatched list, and nothing is published of it', async () => {
    const parked = await kit.call('POST', '/payments', { token: integrator, idempotencyKey: key(), body: { method: 'ted', reference: 'TED-RETURNED', amount: { amount: 999, currency: 'BRL' }, paidOn: '2026-03-02' } });
    expect(parked.body.status).toBe('parked');
    const returned = await kit.call('POST', '/payments/ted-TED-RETURNED/reversal', { token: integrator, idempotencyKey: key(), body: { kind: 'reversal', reason: 'devolvido ao remetente' } });
    expect(returned.body).toMatchObject({ status: 'reversed', unallocated: { amount: 0 } });
    expect((await kit.call('GET', '/reconciliation/unmatched', { token: integrator })).body.items.map((i: { paymentId: string }) => i.paymentId)).not.toContain('ted-TED-RETURNED');
    const [published] = await kit.service.payments.store.driver.query<{ n: string }>(
      "SELECT count(*)::text AS n FROM es_events WHERE data->>'paymentId' = 'ted-TED-RETURNED' AND event_type IN ('PaymentReceived', 'PaymentReversed', 'PaymentAllocated', 'CreditCreated')",
    );
    expect(published?.n).toBe('0');
  });

  // last: it moves the clock
  it('expires an open charge once its due date and five days of grace have passed in Brazil; money that still arrives for it is allocated', async () => {
    const { debtId } = await debt();
    const issued = await charge({ debtIds: [debtId], amount: { amount: 10_000, currency: 'BRL' }, dueDate: '2026-03-10' });
    kit.clock.set('2026-03-16T02:00:00.000Z'); // still the 15th in São Paulo: the last day of grace
    expect(await kit.service.payments.expiry.runDue()).toBe(0);
    kit.clock.set('2026-03-16T12:00:00.000Z');
    expect(await kit.service.payments.expiry.runDue()).toBeGreaterThanOrEqual(1);
    expect((await kit.call('GET', `/charges/${issued.chargeId}`, { token: integrator })).body.status).toBe('expired');
    const late = await pix([{ endToEndId: endToEndId(5), txid: issued.txid, valor: '100.00', horario: '2026-03-16T11:00:00Z' }]);
    expect(late.body.results[0].status).toBe('allocated');
    expect((await kit.call('GET', `/charges/${issued.chargeId}`, { token: integrator })).body).toMatchObject({ status: 'paid', paid: { amount: 10_000 } });
  });
});
