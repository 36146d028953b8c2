import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerEnvelope } from 'smtp-server';

export interface ReceivedMail {
  readonly envelope: SMTPServerEnvelope;
  readonly mail: ParsedMail;
}

export interface LocalSmtpServerOptions {
  /** Credentials the server demands (AUTH PLAIN/LOGIN over the plain connection); none means no AUTH. */
  readonly credentials?: { readonly user: string; readonly pass: string };
  /** The SMTP reply to give a recipient (e.g. 550 for an unknown mailbox), or undefined to accept it. */
  readonly refuseRecipient?: (address: string) => { readonly code: number; readonly message: string } | undefined;
  /** Take the message but never answer the end of DATA (a hung server). */
  readonly hangAfterData?: boolean;
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/** A real SMTP server (smtp-server) on 127.0.0.1 and a random port; what arrives is parsed with mailparser. */
export class LocalSmtpServer {
  readonly received: ReceivedMail[] = [];
  private readonly server: SMTPServer;

  private constructor(options: LocalSmtpServerOptions) {
    this.server = new SMTPServer({
      logger: false,
      disabledCommands: options.credentials ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      authOptional: !options.credentials,
      allowInsecureAuth: true,
      closeTimeout: 100,
      onAuth: (auth, _session, callback) => {
        const ok = auth.username === options.credentials?.user && auth.password === options.credentials?.pass;
        callback(ok ? null : smtpError(535, 'Authentication credentials invalid'), ok ? { user: auth.username } : undefined);
      },
      onRcptTo: (address, _session, callback) => {
        const refusal = options.refuseRecipient?.(address.address);
        callback(refusal ? smtpError(refusal.code, refusal.message) : null);
      },
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            this.received.push({ envelope: session.envelope, mail });
            if (!options.hangAfterData) callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
  }

  static async start(options: LocalSmtpServerOptions = {}): Promise<LocalSmtpServer> {
    const smtp = new LocalSmtpServer(options);
    await new Promise<void>((resolve) => smtp.server.listen(0, '127.0.0.1', resolve));
    return smtp;
  }

  get port(): number {
    return (this.server.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
