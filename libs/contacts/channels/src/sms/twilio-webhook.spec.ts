import { createHmac } from 'node:crypto';
import { ValidationError } from '@collections/shared-kernel';
import { parseFormBody } from '../webhooks/delivery-receipt';
import { parseTwilioInboundMessage, parseTwilioStatusCallback, verifyTwilioSignature } from './twilio-webhook';

// Twilio's published example (its security docs and the test suites of its helper libraries).
const DOCS = {
  authToken: '12345',
  url: 'https://mycompany.com/myapp.php?foo=1&bar=2',
  params: { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' },
  signature: 'RSOYDt4T1cUTdK1PDd93/VVr8B8=',
};

const receivedAt = new Date('2026-11-28T12:34:56.000Z');

describe('verifyTwilioSignature', () => {
  it("accepts Twilio's documented example", () => {
    expect(verifyTwilioSignature(DOCS)).toBe(true);
  });

  it("accepts Twilio's example with a repeated parameter (each distinct value once, sorted)", () => {
    const params = parseFormBody('Sid=CA123&SidAccount=AC123&Digits=5678&Digits=1234&Digits=1234');

    expect(verifyTwilioSignature({ ...DOCS, params, signature: 'IK+Dwps556ElfBT0I3Rgjkr1wJU=' })).toBe(true);
  });

  it('accepts the signature when a proxy added or dropped the default port', () => {
    expect(verifyTwilioSignature({ ...DOCS, url: 'https://mycompany.com:443/myapp.php?foo=1&bar=2' })).toBe(true);
  });

  it.each([
    ['a tampered parameter', { params: { ...DOCS.params, Digits: '9999' } }],
    ['a parameter added', { params: { ...DOCS.params, Extra: '1' } }],
    ['another URL', { url: 'https://mycompany.com/myapp.php?foo=1&bar=3' }],
    ['another token', { authToken: '54321' }],
    ['no header', { signature: undefined }],
    ['an empty header', { signature: '' }],
    ['a garbled header', { signature: 'not base64 at all!' }],
    ['a truncated signature', { signature: 'RSOYDt4T1cUTdK1PDd93' }],
  ])('refuses %s', (_case, change) => {
    expect(verifyTwilioSignature({ ...DOCS, ...change })).toBe(false);
  });

  it('verifies a status callback signed the way Twilio signs it', () => {
    const url = 'https://collections.example.com/webhooks/twilio/status?messageId=0192f3a0-7d1e-7a10-9c2b-5f1e2d3c4b5a';
    const body = 'MessageSid=SM1&MessageStatus=delivered&AccountSid=AC1&To=%2B5511987654321';
    const params = parseFormBody(body);
    const signature = createHmac('sha1', 'token').update(`${url}AccountSidAC1MessageSidSM1MessageStatusdeliveredTo+5511987654321`).digest('base64');

    expect(verifyTwilioSignature({ authToken: 'token', url, params, signature })).toBe(true);
  });
});

describe('parseTwilioStatusCallback', () => {
  it('turns a delivered callback into a receipt stamped with the time it was received', () => {
    const params = parseFormBody('MessageSid=SM1&MessageStatus=delivered&SmsStatus=delivered&AccountSid=AC1');

    expect(parseTwilioStatusCallback(params, receivedAt, 'our-id')).toEqual({ providerMessageId: 'SM1', status: 'delivered', at: '2026-11-28T12:34:56.000Z', messageId: 'our-id' });
  });

  it('turns an undelivered callback into a failed receipt with the reason of its error code', () => {
    const params = parseFormBody('MessageSid=SM1&MessageStatus=undelivered&ErrorCode=30006');

    expect(parseTwilioStatusCallback(params, receivedAt)).toEqual({ providerMessageId: 'SM1', status: 'failed', at: receivedAt.toISOString(), reason: 'twilio 30006: landline or unreachable carrier' });
  });

  it.each(['queued', 'sending', 'accepted'])('gives nothing for the intermediate status %s', (status) => {
    expect(parseTwilioStatusCallback({ MessageSid: 'SM1', MessageStatus: status }, receivedAt)).toBeNull();
  });

  it('refuses a callback without MessageSid or with an unknown status, naming the fields', () => {
    expect(() => parseTwilioStatusCallback({ MessageStatus: 'exploded' }, receivedAt)).toThrow(ValidationError);
    try {
      parseTwilioStatusCallback({ MessageStatus: 'exploded' }, receivedAt);
    } catch (error) {
      expect((error as ValidationError).violations.map((v) => v.field)).toEqual(['MessageSid', 'MessageStatus']);
    }
  });
});

describe('parseTwilioInboundMessage', () => {
  it('reads the sender in E.164 and the text with its accents', () => {
    const params = parseFormBody('MessageSid=SM9&From=%2B5511987654321&To=%2B5511912345678&Body=N%C3%A3o+quero+mais+receber+mensagens');

    expect(parseTwilioInboundMessage(params, receivedAt)).toEqual({ from: '+5511987654321', text: 'Não quero mais receber mensagens', providerMessageId: 'SM9', at: receivedAt.toISOString() });
  });
});
