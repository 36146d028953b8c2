import { createTransport, type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { systemClock, type Clock } from '@collections/shared-kernel';
import { ChannelError, type ContactChannelAdapter, type OutboundMessage, type SentMessage } from '../channel-adapter.port';

export interface SmtpEmailConfig {
  readonly host: string;
  readonly port: number;
  /** TLS from the first byte (port 465); false means plain, upgraded by STARTTLS when offered. */
  readonly secure: boolean;
  /** Refuse to send when the server does not offer STARTTLS (production: true). */
  readonly requireTLS?: boolean;
  readonly auth?: { readonly user: string; readonly pass: string };
  /** The sender, e.g. `"Cobrança Lojas Ação" <cobranca@lojas.example>`. */
  readonly from: string;
  /** Right-hand side of our Message-IDs (default: the domain of `from`). */
  readonly messageIdDomain?: string;
  /** Deadline for one send, connection and dialogue included (default 30 s). */
  readonly timeoutMs?: number;
  /** Connections kept open to the server (default 4). */
  readonly maxConnections?: number;
  readonly clock?: Clock;
}

/** Reads `smtp://user:pass@host:587` or `smtps://user:pass@host:465` (SMTP_URL). */
export function smtpConfigFromUrl(url: string, rest: Omit<SmtpEmailConfig, 'host' | 'port' | 'secure' | 'auth'>): SmtpEmailConfig {
  const parsed = new URL(url);
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') throw new RangeError('SMTP_URL must start with smtp:// or smtps://');
  const secure = parsed.protocol === 'smtps:';
  const user = decodeURIComponent(parsed.username);
  return {
    ...rest,
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : secure ? 465 : 587,
    secure,
    ...(user ? { auth: { user, pass: decodeURIComponent(parsed.password) } } : {}),
    ...(parsed.searchParams.get('requireTLS') === 'true' ? { requireTLS: true } : {}),
  };
}

// One address, no display name, no list: a collection message never reaches third
// parties (CDC art. 42), and a comma or a line break in `to` must not add recipients or headers.
const SINGLE_ADDRESS = /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\]+\.[^\s@<>,;:"()[\]\\]+$/;

const NETWORK_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH']);

interface SmtpFailure {
  readonly code?: string;
  readonly responseCode?: number;
  readonly response?: string;
  readonly message?: string;
}

/**
 * SMTP says itself what is transient: 4xx replies (greylisting, mailbox busy, 421 going
 * away) are worth retrying, 5xx replies (550 no such user, 554 rejected, 535 bad
 * credentials) are not. Without a reply, a network failure is retryable.
 */
function classify(error: unknown): ChannelError {
  const failure = (error ?? {}) as SmtpFailure;
  if (typeof failure.responseCode === 'number') {
    const retryable = failure.responseCode >= 400 && failure.responseCode < 500;
    return new ChannelError('email', retryable, `SMTP server answered ${failure.response ?? failure.responseCode}`, { providerCode: String(failure.responseCode) });
  }
  const retryable = failure.code !== undefined && NETWORK_CODES.has(failure.code);
  return new ChannelError('email', retryable, `SMTP ${failure.code ?? 'error'}: ${failure.message ?? String(error)}`, failure.code ? { providerCode: failure.code } : {});
}

/**
 * E-mail over SMTP with nodemailer, over a small pool of connections: opening one per
 * message costs about 100 ms even on 127.0.0.1 (measured: 106 ms per message alone, 4 ms
 * pooled), which bounds a cadence run. A timed-out send is abandoned; its connection is
 * closed by the socket timeout and the pool opens another, so it cannot block the next
 * sends for longer than that. The Message-ID is built from our messageId, so a bounce
 * (DSN) names the message.
 */
export class SmtpEmailAdapter implements ContactChannelAdapter {
  readonly channel = 'email' as const;
  private readonly transport: Transporter<SMTPTransport.SentMessageInfo>;
  private readonly timeoutMs: number;
  private readonly messageIdDomain: string;
  private readonly clock: Clock;

  constructor(private readonly config: SmtpEmailConfig) {
    this.timeoutMs = config.timeoutMs ?? 30_000;
    this.clock = config.clock ?? systemClock;
    this.messageIdDomain = config.messageIdDomain ?? /@([^>\s]+)>?\s*$/.exec(config.from)?.[1] ?? 'localhost';
    this.transport = createTransport({
      host: config.host,
      port: config.port,
      secure: config.secure,
      requireTLS: config.requireTLS ?? false,
      ...(config.auth ? { auth: { user: config.auth.user, pass: config.auth.pass } } : {}),
      connectionTimeout: this.timeoutMs,
      greetingTimeout: this.timeoutMs,
      socketTimeout: this.timeoutMs,
      pool: true,
      maxConnections: config.maxConnections ?? 4,
    } as SMTPTransport.Options);
  }

  async send(message: OutboundMessage): Promise<SentMessage> {
    if (!SINGLE_ADDRESS.test(message.to)) throw new ChannelError('email', false, 'to: must be one e-mail address');
    if (!message.subject) throw new ChannelError('email', false, 'subject: an e-mail needs a subject');
    const messageId = `<${message.messageId}@${this.messageIdDomain}>`;
    const sending = this.transport.sendMail({
      from: this.config.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      ...(message.html !== undefined ? { html: message.html } : {}),
      messageId,
      // RFC 3834: out-of-office robots must not answer a collection notice
      headers: { 'Auto-Submitted': 'auto-generated' },
      attachments: (message.attachments ?? []).map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
    });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ChannelError('email', true, `no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      const info = await Promise.race([sending, deadline]);
      if (info.rejected.length > 0) throw new ChannelError('email', false, `SMTP server refused ${info.rejected.length} recipient(s): ${info.response}`);
      return { providerMessageId: info.messageId || messageId, acceptedAt: this.clock.now().toISOString() };
    } catch (error) {
      if (error instanceof ChannelError) throw error;
      throw classify(error);
    } finally {
      clearTimeout(timer);
      sending.catch(() => undefined); // an abandoned send must not surface as an unhandled rejection
    }
  }

  close(): void {
    this.transport.close();
  }
}
