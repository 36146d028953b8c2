import { createHmac } from 'node:crypto';
import { ValidationError } from '@collections/shared-kernel';
import { answerMetaVerification, parseWhatsAppWebhook, verifyMetaSignature, waIdToE164 } from './meta-webhook';

const APP_SECRET = 'meta-app-secret';
const sign = (body: Buffer, secret = APP_SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

function webhook(value: Record<string, unknown>) {
  return {
    object: 'whatsapp_business_account',
    entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '5511912345678', phone_number_id: '106540352242922' }, ...value } }] }],
  };
}

function violationsOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return [...error.violations];
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('verifyMetaSignature', () => {
  const body = Buffer.from(JSON.stringify(webhook({ statuses: [] })), 'utf8');

  it('accepts the HMAC-SHA256 of the raw body with the app secret', () => {
    expect(verifyMetaSignature(body, sign(body), APP_SECRET)).toBe(true);
    expect(verifyMetaSignature(body, sign(body).toUpperCase().replace('SHA256=', 'sha256='), APP_SECRET)).toBe(true);
  });

  it.each([
    ['another secret', (b: Buffer) => sign(b, 'other-secret')],
    ['a body changed by one byte', (b: Buffer) => sign(Buffer.concat([b, Buffer.from(' ')]))],
    ['a missing header', () => undefined],
    ['an empty header', () => ''],
    ['a header without the sha256= prefix', (b: Buffer) => sign(b).slice(7)],
    ['a sha1 header', () => 'sha1=0123456789abcdef0123456789abcdef01234567'],
    ['a truncated digest', (b: Buffer) => sign(b).slice(0, 40)],
    ['non-hex characters', () => `sha256=${'z'.repeat(64)}`],
  ])('refuses %s', (_case, header) => {
    expect(verifyMetaSignature(body, header(body), APP_SECRET)).toBe(false);
  });
});

describe('parseWhatsAppWebhook', () => {
  it('turns statuses into receipts with the provider time, our messageId and the failure reason', () => {
    const content = parseWhatsAppWebhook(
      webhook({
        statuses: [
          { id: 'wamid.A', status: 'delivered', timestamp: '1795868096', recipient_id: '5521998765432', biz_opaque_callback_data: 'our-id' },
          { id: 'wamid.B', status: 'read', timestamp: '1795868100', recipient_id: '5521998765432' },
          { id: 'wamid.C', status: 'failed', timestamp: '1795868101', recipient_id: '5521998765432', errors: [{ code: 131026, title: 'Message undeliverable', error_data: { details: 'Message Undeliverable.' } }] },
          { id: 'wamid.D', status: 'deleted', timestamp: '1795868102' },
        ],
      }),
    );

    expect(content.receipts).toEqual([
      { providerMessageId: 'wamid.A', status: 'delivered', at: '2026-11-28T12:14:56.000Z', messageId: 'our-id' },
      { providerMessageId: 'wamid.B', status: 'read', at: '2026-11-28T12:15:00.000Z' },
      { providerMessageId: 'wamid.C', status: 'failed', at: '2026-11-28T12:15:01.000Z', reason: 'whatsapp 131026: Message Undeliverable.' },
    ]);
    expect(content.ignored).toBe(1);
  });

  it('turns inbound text and button answers into messages from an E.164 sender, accents intact', () => {
    const content = parseWhatsAppWebhook(
      webhook({
        contacts: [{ profile: { name: 'João' }, wa_id: '5521998765432' }],
        messages: [
          { from: '5521998765432', id: 'wamid.IN1', timestamp: '1795868096', type: 'text', text: { body: 'Não reconheço essa dívida' } },
          { from: '5521998765432', id: 'wamid.IN2', timestamp: '1795868097', type: 'button', button: { text: 'Quero negociar', payload: 'NEGOTIATE' } },
          { from: '5521998765432', id: 'wamid.IN3', timestamp: '1795868098', type: 'image', image: { id: '123', mime_type: 'image/jpeg' } },
        ],
      }),
    );

    expect(content.inbound).toEqual([
      { from: '+5521998765432', text: 'Não reconheço essa dívida', providerMessageId: 'wamid.IN1', at: '2026-11-28T12:14:56.000Z' },
      { from: '+5521998765432', text: 'Quero negociar', providerMessageId: 'wamid.IN2', at: '2026-11-28T12:14:57.000Z' },
    ]);
    expect(content.ignored).toBe(1);
  });

  it('refuses a payload of another shape, naming the field', () => {
    expect(violationsOf(() => parseWhatsAppWebhook({ object: 'page', entry: [] }))).toEqual([{ field: 'object', message: expect.any(String) }]);
    expect(violationsOf(() => parseWhatsAppWebhook(webhook({ statuses: [{ id: 'wamid.A', status: 'sent', timestamp: 'yesterday' }] })))).toEqual([
      { field: 'entry[0].changes[0].value.statuses[0].timestamp', message: 'must be a Unix time in seconds' },
    ]);
    expect(violationsOf(() => parseWhatsAppWebhook('not json'))).toEqual([{ field: '(body)', message: expect.any(String) }]);
  });
});

describe('waIdToE164', () => {
  it('puts back the ninth digit of a Brazilian mobile registered before it existed', () => {
    expect(waIdToE164('551187654321')).toBe('+5511987654321');
    expect(waIdToE164('5511987654321')).toBe('+5511987654321');
  });

  it('leaves other countries alone', () => {
    expect(waIdToE164('14155552671')).toBe('+14155552671');
  });
});

describe('answerMetaVerification', () => {
  it('echoes the challenge when the verify token matches', () => {
    expect(answerMetaVerification({ 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-me', 'hub.challenge': '1158201444' }, 'verify-me')).toBe('1158201444');
  });

  it('refuses another token', () => {
    expect(() => answerMetaVerification({ 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': '1' }, 'verify-me')).toThrow('hub.verify_token: does not match');
  });
});
