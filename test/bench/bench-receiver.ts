import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { z } from 'zod';
import { type DeliveryLedger } from './delivery-ledger.js';

export type SystemName = 'herald' | 'alertmanager';

const IDLE_CONNECTION_MS = 10 * 60_000;

/** The label that names each benchmark alert; both systems pass labels through to the webhook. */
export const KEY_LABEL = 'bench_seq';
/** The label the grouped storm groups by, on both systems. */
export const GROUP_LABEL = 'bench_group';

const labels = z.record(z.string(), z.string());
/** Herald's webhook payload version 1 (apps/dispatch/src/channels/webhook/README.md): one incident event. */
const heraldPayload = z.object({ incident: z.object({ labels }) });
/** Alertmanager's webhook payload (version 4), and Herald's group payload (version 2), shaped like it: a group's alerts. */
const groupPayload = z.object({ alerts: z.array(z.object({ labels })) });

/** The benchmark alerts one notification is about; labels without a key are ignored. */
export function notifiedKeys(system: SystemName, body: unknown): string[] {
  const grouped = system === 'alertmanager' || (typeof body === 'object' && body !== null && 'alerts' in body);
  const labelSets = grouped ? groupPayload.parse(body).alerts.map((a) => a.labels) : [heraldPayload.parse(body).incident.labels];
  return labelSets.flatMap((set) => (set[KEY_LABEL] === undefined ? [] : [set[KEY_LABEL]]));
}

/** The grouped storm's group a notification is about, if it is one (the group label of its first alert). */
export function notifiedGroup(body: unknown): string | undefined {
  const parsed = groupPayload.safeParse(body);
  return parsed.success ? parsed.data.alerts[0]?.labels[GROUP_LABEL] : undefined;
}

/**
 * The webhook endpoint both systems notify, on loopback, in the bench process: `/herald`
 * and `/alertmanager` each record into their system's ledger. It keeps no request bodies,
 * so a 50,000-alert burst costs it little memory.
 */
export class BenchReceiver {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  /** Requests that were not a notification we could read, with the first reason. */
  unreadable = 0;
  firstUnreadable: string | undefined;
  /** Notifications per system and grouped-storm group (`<system> <group>`): each group must be notified once. */
  readonly groupNotifications = new Map<string, number>();

  constructor(private readonly ledgers: Readonly<Record<SystemName, DeliveryLedger>>) {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const at = performance.now();
        this.receive(req.url ?? '/', Buffer.concat(chunks).toString('utf8'), at);
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    // Longer than any sender's idle timeout, so a sender never races the server closing an
    // idle connection (a lost race fails a POST, which Alertmanager counts and retries).
    this.server.keepAliveTimeout = IDLE_CONNECTION_MS;
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  url(system: SystemName): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/${system}`;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private receive(path: string, body: string, at: number): void {
    const system = path.slice(1);
    try {
      if (system !== 'herald' && system !== 'alertmanager') throw new Error(`unknown path ${path}`);
      const parsed: unknown = JSON.parse(body);
      for (const key of notifiedKeys(system, parsed)) this.ledgers[system].record(key, at);
      const group = notifiedGroup(parsed);
      if (group !== undefined) this.groupNotifications.set(`${system} ${group}`, (this.groupNotifications.get(`${system} ${group}`) ?? 0) + 1);
    } catch (error) {
      this.unreadable += 1;
      this.firstUnreadable ??= `${path}: ${(error as Error).message.slice(0, 300)}`;
    }
  }
}
