import { z } from 'zod';
import { batchMessageId } from './batch-id.js';
import { CanonicalAlert } from './canonical-alert.js';

/**
 * Most alerts one ALERTS message carries: Alertmanager and Prometheus post up to a few hundred
 * alerts per request, and a hundred per message already takes the per-message costs (publish,
 * PubAck, store, decode, ack) out of a storm's profile; more would only make a failing
 * message's retry, alert by alert, longer.
 */
export const MAX_ALERTS_PER_MESSAGE = 100;

/**
 * Most serialized JSON (UTF-16 code units, as `JSON.stringify(alert).length` counts them) the
 * alerts of one message add up to. A code unit is at most 3 bytes in UTF-8, so even a message
 * of only non-ASCII text stays under 768 KiB, below NATS's default 1 MB max_payload with room
 * for the headers; a typical alert (1–2 KB) fills the count bound long before this one. An
 * alert larger than this travels alone (and is refused at the door if the broker refuses it).
 */
export const MAX_ALERTS_MESSAGE_CHARS = 256 * 1024;

/** The shape of a batch, without its rule across alerts (`oneSource`). */
export const AlertBatchShape = z.object({ alerts: z.array(CanonicalAlert).min(1).max(MAX_ALERTS_PER_MESSAGE) });

/** The subject `alerts.normalised.<source>` is the first alert's: it must say what they all are. */
export const oneSource = (batch: { readonly alerts: ReadonlyArray<{ readonly source: string }> }): boolean =>
  batch.alerts.every((a) => a.source === batch.alerts[0]!.source);

const AlertBatch = AlertBatchShape.refine(oneSource, { message: 'every alert of a message has the same source', path: ['alerts'] });

/**
 * Canonical alerts as they travel on ALERTS: the alerts of one request, a chunk per message
 * (see `alertChunks`), since per-message costs dominated a storm when each alert was its own
 * message. Every alert of a message has the same source, so the subject
 * `alerts.normalised.<source>` still says what the message holds.
 *
 * The single canonical alert that earlier versions published (one message per alert,
 * CloudEvents type `io.herald.alert.normalised.v1`) is accepted too and read as a batch of one,
 * so messages left in the stream across an upgrade still become incidents.
 */
export const CanonicalAlerts = z.union([AlertBatch, CanonicalAlert.transform((alert) => ({ alerts: [alert] }))]);
export type CanonicalAlerts = z.infer<typeof CanonicalAlerts>;

export interface AlertChunkLimits {
  /** Alerts per message at most. */
  readonly maxAlerts?: number;
  /** Serialized size of a message's alerts at most, in the unit `size` measures. */
  readonly maxChars?: number;
  /** An alert's serialized size (JSON code units by default). */
  readonly size?: (alert: CanonicalAlert) => number;
}

const jsonLength = (alert: CanonicalAlert): number => JSON.stringify(alert).length;

/**
 * The alerts grouped into messages: alerts of one source per chunk, in their given order
 * (chunks in the order they start), a chunk holding at most `maxAlerts` alerts and, unless it
 * is a single alert, at most `maxChars` of serialized alerts. Deterministic: the same alerts
 * give the same chunks, so a retried request publishes the same messages (same ids). The
 * objects are the ones given, so a caller can map a message's fate back to its alerts.
 */
export function alertChunks(alerts: readonly CanonicalAlert[], limits: AlertChunkLimits = {}): CanonicalAlert[][] {
  const maxAlerts = limits.maxAlerts ?? MAX_ALERTS_PER_MESSAGE;
  const maxChars = limits.maxChars ?? MAX_ALERTS_MESSAGE_CHARS;
  const size = limits.size ?? jsonLength;
  if (!Number.isInteger(maxAlerts) || maxAlerts < 1) throw new Error(`a message holds at least one alert, not ${maxAlerts}`);
  if (!(maxChars > 0)) throw new Error(`a message's size bound must be positive, not ${maxChars}`);
  const open = new Map<string, { chunk: CanonicalAlert[]; chars: number }>();
  const chunks: CanonicalAlert[][] = [];
  for (const alert of alerts) {
    const chars = size(alert);
    const current = open.get(alert.source);
    if (current && current.chunk.length < maxAlerts && current.chars + chars <= maxChars) {
      current.chunk.push(alert);
      current.chars += chars;
      continue;
    }
    const chunk = [alert];
    chunks.push(chunk);
    open.set(alert.source, { chunk, chars });
  }
  return chunks;
}

/**
 * The message id of a chunk: the alert's own id for a chunk of one (as the single-alert
 * message had, so a heartbeat's alert or an old message dedups as before), else
 * `alerts.<count>.<hash of the ids>` (see batchMessageId). Alert ids derive from the request
 * id or idempotency key, so a retried request's chunks get the same ids and JetStream drops
 * them; incidents dedups each alert by its own id anyway, whichever message carries it.
 */
export function alertsMessageId(alerts: readonly Pick<CanonicalAlert, 'id'>[]): string {
  return batchMessageId('alerts', alerts);
}
