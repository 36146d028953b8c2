import { TestClock } from '@collections/shared-kernel';
import { ChannelError, type OutboundMessage } from '../channel-adapter.port';
import { renderLetterPdf } from '../letters/letter-pdf';
import { LocalSmtpServer, closedPort } from '../testing';
import { SmtpEmailAdapter, smtpConfigFromUrl, type SmtpEmailConfig } from './smtp-email.adapter';

const FROM = '"Cobrança Lojas Ação" <cobranca@lojas-acao.example>';
const clock = new TestClock('2026-11-28T12:00:00.000Z');

const message: OutboundMessage = {
  messageId: '0192f3a0-7d1e-7a10-9c2b-5f1e2d3c4b5a',
  tenantId: 'tenant-a',
  to: 'joao.silva@example.com.br',
  subject: 'Aviso de débito — contrato CT-2026-0042',
  text: 'Olá, João!\n\nSaldo: R$ 1.234,56.\n\nCredor: Lojas Ação S.A., Av. Paulista, 1000, São Paulo - SP, CNPJ 11.222.333/0001-81.',
  html: '<!DOCTYPE html>\n<html lang="pt-BR"><body><p>Olá, João!</p><p>Saldo: R$ 1.234,56.</p></body></html>',
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

describe('SmtpEmailAdapter against a real SMTP server on 127.0.0.1', () => {
  const adapters: SmtpEmailAdapter[] = [];
  const servers: LocalSmtpServer[] = [];
  const adapter = (config: Partial<SmtpEmailConfig> & { port: number }) => {
    const created = new SmtpEmailAdapter({ host: '127.0.0.1', secure: false, from: FROM, timeoutMs: 2000, clock, ...config });
    adapters.push(created);
    return created;
  };
  const server = async (...options: Parameters<typeof LocalSmtpServer.start>) => {
    const started = await LocalSmtpServer.start(...options);
    servers.push(started);
    return started;
  };

  afterAll(async () => {
    adapters.forEach((a) => a.close());
    await Promise.all(servers.map((s) => s.close()));
  });

  it('delivers the message with its headers, text and HTML bodies and a PDF attachment', async () => {
    const smtp = await server();
    const pdf = await renderLetterPdf({
      creditor: { name: 'Lojas Ação S.A.', address: 'Av. Paulista, 1000, São Paulo - SP', taxId: '11222333000181' },
      recipient: { name: 'João da Silva', addressLines: ['Rua das Flores, 12'] },
      subject: 'Notificação prévia',
      text: 'Prezado João, ...',
      reference: 'CT-2026-0042',
      issuedOn: '2026-11-28',
    });

    const sent = await adapter({ port: smtp.port }).send({ ...message, attachments: [{ filename: 'notificação.pdf', contentType: 'application/pdf', content: pdf }] });

    expect(sent).toEqual({ providerMessageId: `<${message.messageId}@lojas-acao.example>`, acceptedAt: '2026-11-28T12:00:00.000Z' });
    expect(smtp.received).toHaveLength(1);
    const { envelope, mail } = smtp.received[0]!;
    expect(envelope.rcptTo.map((r) => r.address)).toEqual(['joao.silva@example.com.br']);
    expect(mail.from?.value).toEqual([{ name: 'Cobrança Lojas Ação', address: 'cobranca@lojas-acao.example' }]);
    expect(mail.to).toMatchObject({ value: [{ address: 'joao.silva@example.com.br', name: '' }] });
    expect(mail.subject).toBe('Aviso de débito — contrato CT-2026-0042');
    expect(mail.messageId).toBe(`<${message.messageId}@lojas-acao.example>`);
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.text?.trim()).toBe(message.text);
    expect(mail.html).toContain('<p>Olá, João!</p>');
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ filename: 'notificação.pdf', contentType: 'application/pdf' });
    expect(mail.attachments[0]!.content.equals(pdf)).toBe(true);
    expect(mail.attachments[0]!.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('authenticates with the credentials of SMTP_URL', async () => {
    const smtp = await server({ credentials: { user: 'cobranca', pass: 's3nh@ forte' } });
    const config = smtpConfigFromUrl(`smtp://cobranca:${encodeURIComponent('s3nh@ forte')}@127.0.0.1:${smtp.port}`, { from: FROM, timeoutMs: 2000, clock });

    await adapter(config).send(message);

    expect(smtp.received).toHaveLength(1);
  });

  it('reports wrong credentials (535) as a permanent failure', async () => {
    const smtp = await server({ credentials: { user: 'cobranca', pass: 'right' } });

    const failure = await failureOf(adapter({ port: smtp.port, auth: { user: 'cobranca', pass: 'wrong' } }).send(message));

    expect(failure).toMatchObject({ retryable: false, details: { providerCode: '535' } });
  });

  it('reports a recipient the server refuses (550) as a permanent failure', async () => {
    const smtp = await server({ refuseRecipient: () => ({ code: 550, message: '5.1.1 Mailbox does not exist' }) });

    const failure = await failureOf(adapter({ port: smtp.port }).send(message));

    expect(failure).toMatchObject({ channel: 'email', retryable: false, details: { providerCode: '550' } });
    expect(failure.reason).toContain('Mailbox does not exist');
    expect(smtp.received).toHaveLength(0);
  });

  it('reports a temporary refusal (451, greylisting) as retryable', async () => {
    const smtp = await server({ refuseRecipient: () => ({ code: 451, message: '4.7.1 Greylisted, try again later' }) });

    expect(await failureOf(adapter({ port: smtp.port }).send(message))).toMatchObject({ retryable: true, details: { providerCode: '451' } });
  });

  it('reports a server that is down as retryable', async () => {
    const failure = await failureOf(adapter({ port: await closedPort() }).send(message));

    expect(failure).toMatchObject({ retryable: true, reason: expect.stringContaining('ECONNREFUSED') });
  });

  it('reports a server that never confirms the message as retryable, within the timeout', async () => {
    const smtp = await server({ hangAfterData: true });
    const started = Date.now();

    const failure = await failureOf(adapter({ port: smtp.port, timeoutMs: 300 }).send(message));

    expect(failure.retryable).toBe(true);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it.each([['joao@example.com, outro@example.com'], ['João <joao@example.com>'], ['joao@example.com\r\nBcc: x@example.com'], ['not-an-address']])(
    'refuses %j as the recipient without connecting',
    async (to) => {
      expect(await failureOf(adapter({ port: await closedPort() }).send({ ...message, to }))).toMatchObject({ retryable: false, reason: 'to: must be one e-mail address' });
    },
  );
});
