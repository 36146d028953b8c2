import { TestClock } from '@collections/shared-kernel';
import { ChannelError, type OutboundMessage } from '../channel-adapter.port';
import { RecordingHttpServer, closedPort } from '../testing';
import { WhatsAppCloudAdapter, type WhatsAppCloudConfig } from './whatsapp-cloud.adapter';

const message: OutboundMessage = {
  messageId: '0192f3a0-7d1e-7a10-9c2b-5f1e2d3c4b5a',
  tenantId: 'tenant-a',
  to: '+55 (21) 99876-5432',
  text: 'Olá João,\nseu débito de R$ 1.234,56 venceu.\n\nCredor: Lojas Ação S.A.',
};

async function failureOf(promise: Promise<unknown>): Promise<ChannelError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ChannelError) return error;
    throw error;
  }
  throw new Error('expected a ChannelError');
}

const metaError = (code: number, message: string) => ({ error: { message, type: 'OAuthException', code, fbtrace_id: 'Az8or2yhqkZfEZ-_4Qn_Bam' } });

describe('WhatsAppCloudAdapter against a local server that answers like the Cloud API', () => {
  let meta: RecordingHttpServer;
  const clock = new TestClock('2026-11-28T12:00:00.000Z');
  const adapter = (overrides: Partial<WhatsAppCloudConfig> = {}) =>
    new WhatsAppCloudAdapter({ baseUrl: meta.baseUrl, apiVersion: 'v21.0', phoneNumberId: '106540352242922', accessToken: 'EAAG-token', timeoutMs: 500, clock, ...overrides });
  const accepted = { status: 200, json: { messaging_product: 'whatsapp', contacts: [{ input: '+5521998765432', wa_id: '5521998765432' }], messages: [{ id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA' }] } };

  beforeAll(async () => {
    meta = await RecordingHttpServer.start();
  });
  afterAll(() => meta.close());
  beforeEach(() => meta.reset());

  it('posts a text message with the Bearer token and returns the wamid', async () => {
    meta.answerWith(accepted);

    const sent = await adapter().send(message);

    expect(sent).toEqual({ providerMessageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA', acceptedAt: '2026-11-28T12:00:00.000Z' });
    const [request] = meta.requests;
    expect(request!.url).toBe('/v21.0/106540352242922/messages');
    expect(request!.headers.authorization).toBe('Bearer EAAG-token');
    expect(JSON.parse(request!.body.toString('utf8'))).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '+5521998765432',
      biz_opaque_callback_data: message.messageId,
      type: 'text',
      text: { preview_url: false, body: message.text },
    });
  });

  it('sends the rendered text as the one body parameter of a configured template, on one line', async () => {
    meta.answerWith(accepted);

    await adapter({ template: { name: 'aviso_de_debito' } }).send(message);

    expect(JSON.parse(meta.requests[0]!.body.toString('utf8'))).toMatchObject({
      type: 'template',
      template: {
        name: 'aviso_de_debito',
        language: { code: 'pt_BR' },
        components: [{ type: 'body', parameters: [{ type: 'text', text: 'Olá João, seu débito de R$ 1.234,56 venceu. Credor: Lojas Ação S.A.' }] }],
      },
    });
  });

  it('refuses a landline without calling Meta', async () => {
    const failure = await failureOf(adapter().send({ ...message, to: '(21) 2345-6789' }));

    expect(failure).toMatchObject({ channel: 'whatsapp', retryable: false });
    expect(meta.requests).toHaveLength(0);
  });

  it('reports a 400 (re-engagement window closed) as a permanent failure with the Meta code', async () => {
    meta.answerWith({ status: 400, json: metaError(131047, 'Re-engagement message') });

    const failure = await failureOf(adapter().send(message));

    expect(failure).toMatchObject({ retryable: false, details: { status: 400, providerCode: '131047' } });
    expect(failure.reason).toContain('Re-engagement message');
  });

  it.each([
    ['HTTP 429 (throughput)', 429, metaError(130429, 'Rate limit hit')],
    ['HTTP 400 with the pair rate limit code', 400, metaError(131056, '(Business Account, Consumer Account) pair rate limit hit')],
    ['HTTP 500', 500, metaError(131000, 'Something went wrong')],
    ['HTTP 502 without a body', 502, undefined],
  ])('reports %s as retryable', async (_case, status, json) => {
    meta.answerWith({ status, json });

    expect(await failureOf(adapter().send(message))).toMatchObject({ retryable: true, details: { status } });
  });

  it('reports a provider that does not answer in time as retryable', async () => {
    meta.answerWith('no-answer');

    expect(await failureOf(adapter({ timeoutMs: 200 }).send(message))).toMatchObject({ retryable: true, reason: 'no answer within 200 ms' });
  });

  it('reports a refused connection as retryable', async () => {
    const failure = await failureOf(adapter({ baseUrl: `http://127.0.0.1:${await closedPort()}` }).send(message));

    expect(failure).toMatchObject({ retryable: true, reason: expect.stringContaining('ECONNREFUSED') });
  });

  it('refuses an answer without a message id as a permanent failure', async () => {
    meta.answerWith({ status: 200, json: { messaging_product: 'whatsapp', messages: [] } });

    expect(await failureOf(adapter().send(message))).toMatchObject({ retryable: false });
  });
});
