import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DIALER_SIGNATURE_HEADER, signDialerBody } from '../dialer/dialer-webhook';

export interface FakeDialRequest {
  readonly idempotencyKey: string | undefined;
  readonly authorization: string | undefined;
  readonly body: { readonly reference: string; readonly tenant: string; readonly agent: string; readonly to: string; readonly statusCallback?: string };
  readonly callId: string;
}

/**
 * A local click-to-call dialer (127.0.0.1, random port) speaking HttpDialer's shape: it
 * records each dial and answers a call id (the same one for a repeated idempotency key),
 * or an error status when told. `report` plays the dialer's side of a call: it posts the
 * signed `call.started` / `call.ended` webhooks to the status callback.
 */
export class FakeDialerServer {
  readonly dials: FakeDialRequest[] = [];
  private readonly byKey = new Map<string, string>();
  private nextStatus: number | undefined;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly webhookSecret: string,
  ) {}

  static async start(webhookSecret: string): Promise<FakeDialerServer> {
    const holder: { fake?: FakeDialerServer } = {};
    const server = createServer((req, res) => void holder.fake?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.fake = new FakeDialerServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, webhookSecret);
    return holder.fake;
  }

  /** The next dial is answered with this HTTP status (then calls are placed again). */
  failNext(status: number): void {
    this.nextStatus = status;
  }

  /** Posts a signed report of a call to `url` (the service's webhook); the service's answer. */
  async report(url: string, body: Record<string, unknown>, secret = this.webhookSecret): Promise<{ status: number; body: unknown }> {
    const raw = JSON.stringify(body);
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', [DIALER_SIGNATURE_HEADER]: signDialerBody(raw, secret) }, body: raw });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || req.url !== '/calls') {
      res.writeHead(404).end();
      return;
    }
    if (this.nextStatus !== undefined) {
      const status = this.nextStatus;
      this.nextStatus = undefined;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'refused' }));
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as FakeDialRequest['body'];
    const key = req.headers['idempotency-key'] as string | undefined;
    const callId = (key && this.byKey.get(key)) ?? `call-${randomUUID()}`;
    if (key) this.byKey.set(key, callId);
    this.dials.push({ idempotencyKey: key, authorization: req.headers.authorization, body, callId });
    res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ callId }));
  }
}
