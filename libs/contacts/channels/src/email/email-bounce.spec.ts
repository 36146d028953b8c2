import { ValidationError } from '@collections/shared-kernel';
import { parseEmailBounce } from './email-bounce';

const receivedAt = new Date('2026-11-28T12:00:05.000Z');

function dsn({ action = 'failed', status = '5.1.1', headersPart = true } = {}): string {
  return [
    'From: MAILER-DAEMON@mx.example.com',
    'To: cobranca@lojas-acao.example',
    'Subject: Undelivered Mail Returned to Sender',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status;',
    '\tboundary="8C1F3A.1764331205/mx.example.com"',
    '',
    'This is a MIME-encapsulated message.',
    '',
    '--8C1F3A.1764331205/mx.example.com',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Não foi possível entregar a sua mensagem.',
    '',
    '--8C1F3A.1764331205/mx.example.com',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.com',
    'Arrival-Date: Sat, 28 Nov 2026 11:59:58 +0000',
    '',
    'Final-Recipient: rfc822; joao.silva@example.com.br',
    `Action: ${action}`,
    `Status: ${status}`,
    'Diagnostic-Code: smtp; 550 5.1.1 <joao.silva@example.com.br>: Recipient address',
    '    rejected: User unknown',
    '',
    ...(headersPart
      ? [
          '--8C1F3A.1764331205/mx.example.com',
          'Content-Type: text/rfc822-headers',
          '',
          'From: cobranca@lojas-acao.example',
          'To: joao.silva@example.com.br',
          'Message-ID: <0192f3a0-7d1e-7a10-9c2b-5f1e2d3c4b5a@lojas-acao.example>',
          '',
        ]
      : []),
    '--8C1F3A.1764331205/mx.example.com--',
    '',
  ].join('\r\n');
}

describe('parseEmailBounce', () => {
  it('turns a failed delivery report into a bounced receipt for our message, with the remote reason', () => {
    expect(parseEmailBounce(Buffer.from(dsn()), receivedAt)).toEqual({
      providerMessageId: '<0192f3a0-7d1e-7a10-9c2b-5f1e2d3c4b5a@lojas-acao.example>',
      messageId: '0192f3a0-7d1e-7a10-9c2b-5f1e2d3c4b5a',
      status: 'bounced',
      at: '2026-11-28T12:00:05.000Z',
      reason: '5.1.1 550 5.1.1 <joao.silva@example.com.br>: Recipient address rejected: User unknown',
    });
  });

  it('gives nothing for a delayed report (the server keeps trying)', () => {
    expect(parseEmailBounce(dsn({ action: 'delayed', status: '4.4.1' }), receivedAt)).toBeNull();
  });

  it('refuses a report without the original headers, or a message that is not a report', () => {
    expect(() => parseEmailBounce(dsn({ headersPart: false }), receivedAt)).toThrow(ValidationError);
    expect(() => parseEmailBounce('Content-Type: text/plain\r\n\r\nolá', receivedAt)).toThrow('content-type: must be multipart/report; report-type=delivery-status');
  });
});
