import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from './wait.js';

export interface ReceivedRequest {
  readonly at: number;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  json<T = unknown>(): T;
}

export type Responder = (request: ReceivedRequest, index: number) => { status: number; headers?: Record<string, string>; delayMs?: number; hang?: boolean; body?: string };

/** A real HTTP server on loopback standing in for Slack, a webhook endpoint, etc. */
export class TestReceiver {
  readonly requests: ReceivedRequest[] = [];
  private server: Server | undefined;
  private readonly sockets = new Set<import('node:net').Socket>();

  constructor(private responder: Responder = () => ({ status: 200 })) {}

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const request: ReceivedRequest = {
          at: Date.now(),
          path: req.url ?? '/',
          headers: req.headers,
          body,
          json: <T>() => JSON.parse(body) as T,
        };
        const index = this.requests.push(request) - 1;
        const answer = this.responder(request, index);
        if (answer.hang) return;
        setTimeout(() => {
          res.writeHead(answer.status, { 'content-type': answer.body === undefined ? 'text/plain' : 'application/json', ...answer.headers });
          res.end(answer.body ?? 'ok');
        }, answer.delayMs ?? 0);
      });
    });
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return this;
  }

  respondWith(responder: Responder): void {
    this.responder = responder;
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  url(path = '/hook'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  async waitForCount(n: number, timeoutMs = 20_000): Promise<void> {
    await waitFor(() => this.requests.length >= n, `${n} requests at the receiver (got ${this.requests.length})`, timeoutMs);
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
