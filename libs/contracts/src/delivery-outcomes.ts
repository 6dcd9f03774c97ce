import { z } from 'zod';
import { batchMessageId } from './batch-id.js';
import { DeliveryOutcome } from './delivery.js';

/**
 * Most outcomes one DELIVERIES message carries. Dispatch groups the outcomes of one delivery
 * log commit (at most 500 rows), so a message is never split in practice; the bound keeps a
 * message far below JetStream's default 1 MB payload limit (an outcome is about 500 bytes).
 */
export const MAX_OUTCOMES_PER_MESSAGE = 500;

/** Outcomes as dispatch publishes them (DeliveryOutcomes also reads a lone outcome of earlier versions). */
export const OutcomeBatch = z.object({ outcomes: z.array(DeliveryOutcome).min(1).max(MAX_OUTCOMES_PER_MESSAGE) });

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
 * The message id of a batch of outcomes: the outcome's own id for a batch of one (as the
 * single-outcome message had), else `outcomes.<count>.<hash of the ids>` (see batchMessageId).
 * Analytics dedups each outcome by its own id anyway, so an outcome in two batches counts once.
 */
export function outcomesMessageId(outcomes: readonly Pick<DeliveryOutcome, 'id'>[]): string {
  return batchMessageId('outcomes', outcomes);
}
