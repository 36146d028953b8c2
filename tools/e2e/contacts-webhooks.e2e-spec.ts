import { createHmac } from 'node:crypto';
import { generateCpf } from '@brazilian-utils/brazilian-utils';
import { TwilioSmsAdapter } from '@collections/contacts-channels';
import { RecordingHttpServer } from '@collections/contacts-channels-testing';
import { eventually } from '@collections/shared-testing';
import { startContactsWithDebtors } from './contacts-with-debtors';

const TWILIO_TOKEN = 'twilio-auth-token-for-tests';
const META_SECRET = 'meta-app-secret-for-tests';
const PUBLIC = 'https://cobranca.example.com';
const TENANT = 'lojas-sms';

/** Twilio's signature over the URL it called and the form it posted. */
function twilioSignature(url: string, params: Record<string, string>): string {
  const text = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac('sha1', TWILIO_TOKEN).update(text, 'utf8').digest('base64');
}

/**
 * SMS steps through Twilio's API shape (a local server that answers like Twilio), and
 * what comes back: signed status callbacks, an inbound "PARE" that opts the number out,
 * and webhooks whose signature does not verify (401, nothing recorded).
 */
describe('contacts webhooks: delivery receipts and inbound opt-outs, signed', () => {
  let twilio: RecordingHttpServer;
  let kit: Awaited<ReturnType<typeof startContactsWithDebtors>>;
  let supervisor: string;
  let integrator: string;
  let sequence = 0;
  const key = (): string => `contacts-webhooks-${process.pid}-${++sequence}`;

  beforeAll(async () => {
    twilio = await RecordingHttpServer.start();
    twilio.answerWith({ status: 201, json: { sid: 'SM00000000000000000000000000000001', status: 'queued' } });
    kit = await startContactsWithDebtors('contacts_webhooks', () => ({
      senders: { sms: new TwilioSmsAdapter({ baseUrl: twilio.baseUrl, accountSid: 'AC00000000000000000000000000000000', authToken: TWILIO_TOKEN, from: '+5511900000000' }) },
      webhooks: { publicBaseUrl: PUBLIC, twilioAuthToken: TWILIO_TOKEN, whatsappAppSecret: META_SECRET, whatsappVerifyToken: 'verify-me' },
    }));
    supervisor = await kit.token(TENANT, 'supervisor', 'agent', 'auditor');
    integrator = await kit.token(TENANT, 'integrator', 'agent', 'supervisor');
    expect((await kit.call('PUT', '/creditor', { token: supervisor, body: { name: 'Lojas SMS Ltda', address: 'Rua da Consolação, 200, São Paulo - SP', taxId: '11.222.333/0001-81' } })).status).toBe(200);
    const template = await kit.call('POST', '/templates', {
      token: supervisor,
      idempotencyKey: key(),
      body: { name: 'SMS 1', channel: 'sms', body: '{{creditor.name}} ({{creditor.taxId}}, {{creditor.address}}): {{debtor.firstName}}, débito de {{debt.balance}} em aberto.' },
    });
    expect(template.status).toBe(201);
    const cadence = await kit.call('POST', '/cadences', { token: supervisor, idempotencyKey: key(), body: { name: 'SMS', steps: [{ stepId: 'd1-sms', offsetDays: 1, channel: 'sms', templateId: template.body.templateId }] } });
    expect(cadence.status).toBe(201);
  });
  afterAll(async () => {
    await kit?.close();
    await twilio?.close();
  });

  const timeline = async (debtId: string) => (await kit.call('GET', `/debts/${debtId}/contacts`, { token: supervisor })).body;

  async function smsSent(phone: string): Promise<{ debtId: string; debtorId: string }> {
    const debtor = await kit.debtorsCall('POST', '/debtors', {
      token: integrator,
      idempotencyKey: key(),
      body: { taxId: generateCpf(), name: 'Paula Souza', state: 'SP', timeZone: 'America/Sao_Paulo', contactPoints: [{ kind: 'phone', value: phone, consent: 'granted' }] },
    });
    const debt = await kit.debtorsCall('POST', '/debts', {
      token: integrator,
      idempotencyKey: key(),
      body: { debtorId: debtor.body.debtorId, contractReference: `CTR-S-${sequence}`, originalAmount: { amount: 9_990, currency: 'BRL' }, dueDate: '2026-02-20', lateFeeRate: '0.02' },
    });
    const debtId: string = debt.body.debtId;
    await eventually(async () => expect((await timeline(debtId)).status).toBe('running'));
    await kit.service.contacts.scheduler.runDue();
    expect((await timeline(debtId)).entries).toContainEqual(expect.objectContaining({ type: 'ContactSent', channel: 'sms' }));
    return { debtId, debtorId: debtor.body.debtorId };
  }

  const form = (path: string, params: Record<string, string>, signature = twilioSignature(`${PUBLIC}${path}`, params)) =>
    fetch(`${kit.service.httpUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(params).toString() });

  it('records a signed delivery receipt on the message, once', async () => {
    const { debtId } = await smsSent('+5511987650001');
    const path = `/webhooks/twilio/${TENANT}/status`;
    const params = { MessageSid: 'SM00000000000000000000000000000001', MessageStatus: 'delivered', AccountSid: 'AC00000000000000000000000000000000' };
    expect((await form(path, params)).status).toBe(200);
    expect((await form(path, params)).status).toBe(200);
    const updates = (await timeline(debtId)).entries.filter((e: { type: string }) => e.type === 'ContactDeliveryUpdated');
    expect(updates).toEqual([expect.objectContaining({ detail: 'delivered' })]);
  });

  it('answers 401 to a receipt with a bad or missing signature, and records nothing', async () => {
    const path = `/webhooks/twilio/${TENANT}/status`;
    const params = { MessageSid: 'SM00000000000000000000000000000001', MessageStatus: 'failed', AccountSid: 'AC00000000000000000000000000000000' };
    const before = await kit.service.contacts.store.driver.query<{ n: string }>("SELECT count(*) AS n FROM es_events WHERE event_type = 'ContactDeliveryUpdated'");
    expect((await form(path, params, 'bm90IGEgc2lnbmF0dXJl')).status).toBe(401);
    expect((await form(path, params, '')).status).toBe(401);
    // signed for another tenant's URL: not this one's
    expect((await form(path, params, twilioSignature(`${PUBLIC}/webhooks/twilio/other-tenant/status`, params))).status).toBe(401);
    const after = await kit.service.contacts.store.driver.query<{ n: string }>("SELECT count(*) AS n FROM es_events WHERE event_type = 'ContactDeliveryUpdated'");
    expect(after).toEqual(before);
  });

  it('answers 404 to a signed receipt for a message it never sent, or another tenant\'s', async () => {
    expect((await form(`/webhooks/twilio/${TENANT}/status`, { MessageSid: 'SM99999999999999999999999999999999', MessageStatus: 'delivered' })).status).toBe(404);
    expect((await form(`/webhooks/twilio/other-tenant/status`, { MessageSid: 'SM00000000000000000000000000000001', MessageStatus: 'delivered' })).status).toBe(404);
  });

  it('opts the number out on an inbound "PARE! Não quero mais receber", here at once and in the debtors service', async () => {
    const { debtId, debtorId } = await smsSent('+5511987650002');
    const path = `/webhooks/twilio/${TENANT}/inbound`;
    const reply = await form(path, { From: '+5511987650002', Body: 'PARE! Não quero mais receber', MessageSid: 'SM00000000000000000000000000000077' });
    expect(reply.status).toBe(200);
    expect(await reply.json()).toMatchObject({ optOut: 'nao quero mais receber', contactPointsOptedOut: 1 });
    expect((await timeline(debtId)).entries).toContainEqual(expect.objectContaining({ type: 'ContactPointOptedOut', channel: 'sms' }));
    const debtor = (await kit.debtorsCall('GET', `/debtors/${debtorId}`, { token: integrator })).body;
    expect(debtor.contactPoints[0]).toMatchObject({ optedOut: true });
  });

  it('takes an inbound message by API too, and a message without opt-out words changes nothing', async () => {
    const plain = await kit.call('POST', '/inbound-messages', { token: integrator, body: { channel: 'sms', from: '+5511987650001', text: 'Vou pagar amanhã, obrigada' } });
    expect(plain.status).toBe(202);
    expect(plain.body).toEqual({ optOut: null, contactPointsOptedOut: 0 });
    const bad = await kit.call('POST', '/inbound-messages', { token: integrator, body: { channel: 'sms', from: 'not a phone', text: 'pare' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/from/);
  });

  it('verifies the WhatsApp webhook: the challenge with the verify token, and a body signed with the app secret', async () => {
    const challenge = await fetch(`${kit.service.httpUrl}/webhooks/whatsapp/${TENANT}?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=12345`);
    expect(challenge.status).toBe(200);
    expect(await challenge.text()).toBe('12345');
    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: '1' }, statuses: [{ id: 'wamid.unknown', status: 'delivered', timestamp: '1772500000', recipient_id: '5511987650001' }] } }] }] });
    const post = (signature: string) => fetch(`${kit.service.httpUrl}/webhooks/whatsapp/${TENANT}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body });
    expect((await post('sha256=' + '0'.repeat(64))).status).toBe(401);
    const signed = await post('sha256=' + createHmac('sha256', META_SECRET).update(body).digest('hex'));
    expect(signed.status).toBe(200);
    expect(await signed.json()).toMatchObject({ receipts: 0, unknownReceipts: 1 });
  });

  it('answers hostile bodies that carry a good signature with a 4xx, never a 5xx, and records nothing', async () => {
    const before = await kit.service.contacts.store.driver.query<{ n: string }>('SELECT count(*) AS n FROM es_events');
    const nul = await form(`/webhooks/twilio/${TENANT}/inbound`, { From: '+5511987650003', Body: 'pare\u0000', MessageSid: 'SM00000000000000000000000000000078' });
    const surrogate = await form(`/webhooks/twilio/${TENANT}/status`, { MessageSid: 'SM\ud800', MessageStatus: 'delivered' });
    const status = await form(`/webhooks/twilio/${TENANT}/status`, { MessageSid: 'SM00000000000000000000000000000001', MessageStatus: 'exploded' });
    const deep = '{"object":"whatsapp_business_account","entry":' + '['.repeat(5_000) + ']'.repeat(5_000) + '}';
    const nested = await fetch(`${kit.service.httpUrl}/webhooks/whatsapp/${TENANT}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=' + createHmac('sha256', META_SECRET).update(deep).digest('hex') },
      body: deep,
    });
    for (const response of [nul, surrogate, status, nested]) expect({ status: response.status, client: response.status >= 400 && response.status < 500 }).toEqual({ status: response.status, client: true });
    const after = await kit.service.contacts.store.driver.query<{ n: string }>('SELECT count(*) AS n FROM es_events');
    expect(after).toEqual(before);
  });
});
