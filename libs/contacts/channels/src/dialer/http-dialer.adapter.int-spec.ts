import { FakeDialerServer } from '../testing/fake-dialer-server';
import { DialerError } from './dialer.port';
import { parseDialerCallReport, signDialerBody, verifyDialerSignature } from './dialer-webhook';
import { HttpDialer } from './http-dialer.adapter';

describe('the HTTP dialer adapter against a local fake dialer', () => {
  let fake: FakeDialerServer;
  beforeAll(async () => {
    fake = await FakeDialerServer.start('secret');
  });
  afterAll(async () => fake.close());

  const request = { reference: 'ref-1', tenantId: 'tenant-a', taskId: 'task-1', agent: 'agent:ana', phone: '(11) 98888-7777' };

  it('places the call with the E.164 number, the key and the reference as idempotency key, and answers the call id', async () => {
    const dialer = new HttpDialer({ baseUrl: fake.url, apiKey: 'k-1', statusCallbackUrl: 'https://contacts.example/webhooks/dialer' });
    const { callId } = await dialer.dial(request);
    expect(fake.dials.at(-1)).toMatchObject({
      idempotencyKey: 'ref-1',
      authorization: 'Bearer k-1',
      body: { reference: 'ref-1', agent: 'agent:ana', to: '+5511988887777', statusCallback: 'https://contacts.example/webhooks/dialer' },
      callId,
    });
    expect((await dialer.dial(request)).callId).toBe(callId);
  });

  it('fails retryably on a 5xx or no dialer at all, for good on a 4xx', async () => {
    const dialer = new HttpDialer({ baseUrl: fake.url, apiKey: 'k-1' });
    fake.failNext(503);
    await expect(dialer.dial(request)).rejects.toMatchObject({ retryable: true });
    fake.failNext(400);
    await expect(dialer.dial(request)).rejects.toMatchObject({ retryable: false });
    await expect(new HttpDialer({ baseUrl: 'http://127.0.0.1:1', apiKey: 'k' }).dial(request)).rejects.toBeInstanceOf(DialerError);
  });

  it("verifies a report's signature over the raw body and reads it", () => {
    const raw = Buffer.from(JSON.stringify({ event: 'call.ended', callId: 'c-1', at: '2026-03-02T12:03:05-03:00', durationSeconds: 180, recordingRef: 'rec-1' }));
    expect(verifyDialerSignature(raw, signDialerBody(raw, 'secret'), 'secret')).toBe(true);
    expect(verifyDialerSignature(raw, signDialerBody(raw, 'other'), 'secret')).toBe(false);
    expect(verifyDialerSignature(raw, undefined, 'secret')).toBe(false);
    expect(parseDialerCallReport(JSON.parse(raw.toString()))).toEqual({ event: 'call.ended', callId: 'c-1', at: '2026-03-02T15:03:05.000Z', durationSeconds: 180, recordingRef: 'rec-1' });
    expect(() => parseDialerCallReport({ event: 'call.started', callId: 'c-1', at: '0000-01-01T00:00:00Z' })).toThrow(/at/);
  });
});
