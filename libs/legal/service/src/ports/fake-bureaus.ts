import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bureau } from '@collections/legal-domain';

/** How a fake answers its next request: by its protocol, an error status, silence past the client's timeout, or garbage. */
export type FakeAnswer = 'protocol' | 'timeout' | 'garbage' | { readonly status: number };

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

/**
 * A local stand-in for one bureau (or the notary), speaking the HTTP shape of
 * `BUREAU_SHAPES`: it records every request and answers a protocol, unless told otherwise
 * for its next requests. Used by the tests and by `npm start` (embedded mode has no real
 * bureau to call).
 */
/** Who a fake stands in for: a bureau, or the notaries' central (CENPROT). */
export type FakeKind = Bureau | 'cenprot';

export class FakeBureauServer {
  readonly requests: RecordedRequest[] = [];
  private readonly script: FakeAnswer[] = [];
  private counter = 0;
  private constructor(
    readonly bureau: FakeKind,
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(bureau: FakeKind, port = 0, host = '127.0.0.1'): Promise<FakeBureauServer> {
    const holder: { fake?: FakeBureauServer } = {};
    const server = createServer((req, res) => void holder.fake?.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    holder.fake = new FakeBureauServer(bureau, server, `http://${host}:${(server.address() as AddressInfo).port}`);
    return holder.fake;
  }

  /** The answers to the next requests, in order; after them, protocols again. */
  answerNext(...answers: FakeAnswer[]): void {
    this.script.push(...answers);
  }

  /** Drops the answers scripted and not yet given: protocols again from the next request. */
  answerNormally(): void {
    this.script.length = 0;
  }

  /** Requests that listed (as opposed to removed). */
  listings(): RecordedRequest[] {
    return this.requests.filter((r) => (r.method === 'POST' || r.method === 'PUT') && !r.path.includes('exclusao'));
  }

  removals(): RecordedRequest[] {
    return this.requests.filter((r) => r.method === 'DELETE' || r.path.includes('exclusao'));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown = null;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      body = raw;
    }
    const path = req.url ?? '/';
    this.requests.push({ method: req.method ?? 'GET', path, body });
    const answer = this.script.shift() ?? 'protocol';
    if (answer === 'timeout') return; // never answers: the client's timeout fires
    if (answer === 'garbage') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":tru');
      return;
    }
    if (typeof answer === 'object') {
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify({ erro: `status ${answer.status}` }));
      return;
    }
    const id = `${this.bureau.toUpperCase()}-${String(++this.counter).padStart(6, '0')}`;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.protocolBody(req.method ?? 'GET', path, id)));
  }

  private protocolBody(method: string, path: string, id: string): unknown {
    const removing = method === 'DELETE' || path.includes('exclusao');
    switch (this.bureau) {
      case 'serasa':
        return removing ? { protocoloBaixa: id } : { protocolo: id };
      case 'spc':
        return removing ? { status: 'EXCLUIDO', codigoExclusao: id } : { status: 'INCLUIDO', codigoInclusao: id };
      case 'boavista':
        return removing ? { baixa: { id } } : { registro: { id } };
      case 'cenprot':
        return { protocolo: id, situacao: removing ? 'CANCELADO' : 'APONTADO' };
    }
  }
}

/** The notaries' central (CENPROT), faked the same way. */
export const startFakeNotary = (host = '127.0.0.1', port = 0): Promise<FakeBureauServer> => FakeBureauServer.start('cenprot', port, host);

/** The three fake bureaus, each on its own port. */
export async function startFakeBureaus(host = '127.0.0.1', ports: Partial<Record<Bureau, number>> = {}): Promise<Record<Bureau, FakeBureauServer>> {
  const [serasa, spc, boavista] = await Promise.all([
    FakeBureauServer.start('serasa', ports.serasa ?? 0, host),
    FakeBureauServer.start('spc', ports.spc ?? 0, host),
    FakeBureauServer.start('boavista', ports.boavista ?? 0, host),
  ]);
  return { serasa, spc, boavista };
}
