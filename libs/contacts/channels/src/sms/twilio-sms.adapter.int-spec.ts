import { TestClock } from '@collections/shared-kernel';
import { ChannelError, type OutboundMessage } from '../channel-adapter.port';
import { RecordingHttpServer, closedPort } from '../testing';
import { TwilioSmsAdapter, type TwilioSmsConfig } from './twilio-sms.adapter';

const ACCOUNT_SID = 'AC00000000000000000000000000000001';
const AUTH_TOKEN = 'test-auth-token';

const message: OutboundMessage = {
  messageId: '0192f3a0-7d1e-7a10-9c2b-5f1e2d3c4b5a',
  tenantId: 'tenant-a',
  to: '(11) 98765-4321',
  text: 'Olá João, seu débito de R$ 1.234,56 venceu. Credor: Lojas Ação S.A.',
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

describe('TwilioSmsAdapter against a local server that answers like Twilio', () => {
  let twilio: RecordingHttpServer;
  const clock = new TestClock('2026-11-28T12:00:00.000Z');
  const adapter = (overrides: Partial<TwilioSmsConfig> = {}) =>
    new TwilioSmsAdapter({
      baseUrl: twilio.baseUrl,
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      from: '+5511912345678',
      statusCallbackUrl: 'https://collections.example.com/webhooks/twilio/status',
      timeoutMs: 500,
      clock,
      ...overrides,
    });

  beforeAll(async () => {
    twilio = await RecordingHttpServer.start();
  });
  afterAll(() => twilio.close());
  beforeEach(() => twilio.reset());

  it('posts the message form-encoded with Basic auth and returns the sid', async () => {
    twilio.answerWith({ status: 201, json: { sid: 'SM0123456789abcdef0123456789abcdef', status: 'queued', to: '+5511987654321' } });

    const sent = await adapter().send(message);

    expect(sent).toEqual({ providerMessageId: 'SM0123456789abcdef0123456789abcdef', acceptedAt: '2026-11-28T12:00:00.000Z' });
    const [request] = twilio.requests;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    expect(request!.headers.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`);
    expect(request!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request!.headers['i-twilio-idempotency-token']).toBe(message.messageId);
    expect(Object.fromEntries(new URLSearchParams(request!.body.toString('utf8')))).toEqual({
      To: '+5511987654321',
      From: '+5511912345678',
      Body: message.text,
      StatusCallback: `https://collections.example.com/webhooks/twilio/status?messageId=${message.messageId}`,
    });
  });

  it('sends through a Messaging Service when one is configured instead of a number', async () => {
    twilio.answerWith({ status: 201, json: { sid: 'SM1', status: 'accepted' } });

    await adapter({ from: 'MG00000000000000000000000000000002' }).send(message);

    const form = new URLSearchParams(twilio.requests[0]!.body.toString('utf8'));
    expect(form.get('MessagingServiceSid')).toBe('MG00000000000000000000000000000002');
    expect(form.has('From')).toBe(false);
  });

  it('refuses a landline without calling Twilio, and not as retryable', async () => {
    const failure = await failureOf(adapter().send({ ...message, to: '(11) 3456-7890' }));

    expect(failure).toMatchObject({ channel: 'sms', retryable: false, reason: expect.stringContaining('not a mobile') });
    expect(twilio.requests).toHaveLength(0);
  });

  it('reports a 400 with Twilio error code as a permanent failure', async () => {
    twilio.answerWith({ status: 400, json: { code: 21211, message: "The 'To' number +5511987654321 is not a valid phone number.", status: 400 } });

    const failure = await failureOf(adapter().send(message));

    expect(failure).toMatchObject({ retryable: false, details: { status: 400, providerCode: '21211' } });
    expect(failure.reason).toContain('is not a valid phone number');
  });

  it.each([
    [429, { code: 20429, message: 'Too Many Requests' }],
    [500, { code: 20500, message: 'Internal Server Error' }],
    [503, undefined],
  ])('reports HTTP %i as retryable', async (status, json) => {
    twilio.answerWith({ status, json });

    expect(await failureOf(adapter().send(message))).toMatchObject({ retryable: true, details: { status } });
  });

  it('reports a provider that does not answer in time as retryable', async () => {
    twilio.answerWith('no-answer');

    const failure = await failureOf(adapter({ timeoutMs: 200 }).send(message));

    expect(failure).toMatchObject({ retryable: true, reason: 'no answer within 200 ms' });
  });

  it('reports a refused connection as retryable', async () => {
    const failure = await failureOf(adapter({ baseUrl: `http://127.0.0.1:${await closedPort()}` }).send(message));

    expect(failure).toMatchObject({ retryable: true, reason: expect.stringContaining('ECONNREFUSED') });
  });
});
