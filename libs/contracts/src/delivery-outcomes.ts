import { z } from 'zod';
import { DeliveryOutcome } from './delivery.js';

/**
 * Most outcomes one DELIVERIES message carries. Dispatch groups the outcomes of one delivery
 * log commit (at most 500 rows), so a message is never split in practice; the bound keeps a
 * message far below JetStream's default 1 MB payload limit (an outcome is about 500 bytes).
 */
export const MAX_OUTCOMES_PER_MESSAGE = 500;

const OutcomeBatch = z.object({ outcomes: z.array(DeliveryOutcome).min(1).max(MAX_OUTCOMES_PER_MESSAGE) });

/**
 * Delivery outcomes as they travel on DELIVERIES: many per message, since per-message costs
 * (publish, store, decode, ack) dominated a storm when each attempt was its own message. Every
 * outcome of a message has the same outcome kind and receiver (see `outcomeBatches`), so the
 * subject `deliveries.<outcome>.<receiverId>` still says what the message holds.
 *
 * The single outcome that earlier versions published (one message per attempt, CloudEvents
 * type `io.herald.delivery.outcome.v1`) is accepted too and read as a batch of one, so messages
 * left in the stream across an upgrade are still counted.
 */
export const DeliveryOutcomes = z.union([OutcomeBatch, DeliveryOutcome.transform((outcome) => ({ outcomes: [outcome] }))]);
export type DeliveryOutcomes = z.infer<typeof DeliveryOutcomes>;

/** The subject key of an outcome: outcomes sharing it may travel in one message. */
const subjectKey = (o: DeliveryOutcome): string => `${o.outcome}.${o.receiverId}`;

/**
 * The outcomes grouped into messages: one group per outcome kind and receiver (in the order
 * each first appears, outcomes in their given order), split at `max`. The objects are the
 * ones given, so a caller can map a message's fate back to its own items.
 */
export function outcomeBatches(outcomes: readonly DeliveryOutcome[], max = MAX_OUTCOMES_PER_MESSAGE): DeliveryOutcome[][] {
  if (!Number.isInteger(max) || max < 1) throw new Error(`a batch holds at least one outcome, not ${max}`);
  const groups = new Map<string, DeliveryOutcome[]>();
  for (const outcome of outcomes) {
    const key = subjectKey(outcome);
    const group = groups.get(key);
    if (group) group.push(outcome);
    else groups.set(key, [outcome]);
  }
  const batches: DeliveryOutcome[][] = [];
  for (const group of groups.values()) {
    for (let i = 0; i < group.length; i += max) batches.push(group.slice(i, i + max));
  }
  return batches;
}

/**
 * The message id of a batch (its `Nats-Msg-Id`, so JetStream drops a retried publish): a batch
 * of one keeps its outcome's own id, as the single-outcome message had (a republished outcome
 * dedups against the first publish); a larger batch is named by a hash of its outcome ids in
 * order, so the same batch published again gets the same id and a different one never does
 * (106 bits: a collision inside the duplicate window is not a practical concern). Analytics
 * dedups each outcome by its own id anyway, so an outcome in two different batches counts once.
 */
export function outcomesMessageId(outcomes: readonly Pick<DeliveryOutcome, 'id'>[]): string {
  const [first] = outcomes;
  if (!first) throw new Error('a batch of delivery outcomes is never empty');
  if (outcomes.length === 1) return first.id;
  // Each id behind its length, so ["a.b", "c"] and ["a", "b.c"] hash apart whatever the ids hold.
  const text = outcomes.map((o) => `${o.id.length}:${o.id}`).join('');
  return `outcomes.${outcomes.length}.${cyrb53(text, 0x9e3779b9)}${cyrb53(text, 0x85ebca6b)}`;
}

/**
 * cyrb53 (public domain, bryc): a fast 53-bit string hash, as 14 hex digits. Plain JavaScript,
 * since the contracts are also bundled for the browser (no node:crypto); two seeds give 106 bits.
 */
function cyrb53(text: string, seed: number): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}
