import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  /** Path and query, as the client sent them. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export type ProviderAnswer = { readonly status: number; readonly json?: unknown; readonly headers?: Record<string, string> } | 'no-answer';

/**
 * A local HTTP server (127.0.0.1, random port) that records every request and answers
 * as the test tells it, like a provider would: an accepted message, a 4xx, a 429, a 5xx,
 * or no answer at all (a hung provider, for timeouts).
 */
export class RecordingHttpServer {
  readonly requests: RecordedRequest[] = [];
  private answer: (request: RecordedRequest) => ProviderAnswer = () => ({ status: 500, json: { error: 'no answer configured' } });

  private readonly server: Server;
  private url = '';

  private constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const request: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
        this.requests.push(request);
        const answer = this.answer(request);
        if (answer === 'no-answer') return;
        res.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.headers ?? {}) });
        res.end(answer.json === undefined ? '' : JSON.stringify(answer.json));
      });
    });
  }

  static async start(): Promise<RecordingHttpServer> {
    const recorder = new RecordingHttpServer();
    await new Promise<void>((resolve) => recorder.server.listen(0, '127.0.0.1', resolve));
    recorder.url = `http://127.0.0.1:${(recorder.server.address() as AddressInfo).port}`;
    return recorder;
  }

  get baseUrl(): string {
    return this.url;
  }

  answerWith(answer: ProviderAnswer | ((request: RecordedRequest) => ProviderAnswer)): void {
    this.answer = typeof answer === 'function' ? answer : () => answer;
  }

  reset(): void {
    this.requests.length = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }
}

/** A port nothing listens on: bound, read, released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
