import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { JetStreamConnection, provisionStreams, removeStreams, Topology } from '@herald/messaging';

/**
 * The raw JetStream publish rate on this NATS (file storage, PubAck awaited,
 * `Nats-Msg-Id` set, a window of publishes in flight): the ceiling that
 * ingestion's accepted rate is compared with.
 */
export async function jetstreamCeiling(natsUrl: string, namespace: string, messages: number, window: number, payloadBytes: number): Promise<number> {
  const connection = await JetStreamConnection.connect({ url: natsUrl, name: 'herald-bench-ceiling', logger: pino({ level: 'silent' }) });
  const topology = new Topology(`${namespace}_ceiling`);
  const settings = { replicas: 1, storage: 'file' as const, maxAgeSeconds: 600, maxBytes: -1, duplicateWindowSeconds: 120 };
  await provisionStreams(connection.jsm, topology, settings, ['ALERTS']);
  const payload = 'x'.repeat(payloadBytes);
  const subject = topology.subject('alerts.normalised.alertmanager');
  try {
    const started = performance.now();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < messages) {
        next += 1;
        await connection.js.publish(subject, payload, { msgID: randomUUID() });
      }
    };
    await Promise.all(Array.from({ length: window }, worker));
    return messages / ((performance.now() - started) / 1_000);
  } finally {
    await removeStreams(connection.jsm, topology, ['ALERTS']);
    await connection.close();
  }
}
