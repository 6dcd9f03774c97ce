import { ack, type Outcome } from '../outcome.js';

/** Whether `value` is an Outcome a runner can settle a message by. */
function isOutcome(value: unknown): value is Outcome {
  if (typeof value !== 'object' || value === null) return false;
  const o = value as { type?: unknown; delayMs?: unknown; reason?: unknown };
  switch (o.type) {
    case 'ack':
      return true;
    case 'retry':
      return typeof o.delayMs === 'number' && Number.isFinite(o.delayMs) && o.delayMs >= 0;
    case 'dead':
      return typeof o.reason === 'string';
    default:
      return false;
  }
}

/**
 * What a batch handler returned, as one Outcome per message: nothing means all acked. Anything
 * else is a programming error, thrown so the runner retries (and in the end dead-letters) the
 * messages rather than settling them by a guess.
 */
export function outcomesOf(result: unknown, count: number, durable: string): readonly Outcome[] {
  if (result === undefined) return Array.from({ length: count }, ack);
  if (!Array.isArray(result)) throw new Error(`batch handler of ${durable} returned ${typeof result}, not an array of outcomes`);
  if (result.length !== count) throw new Error(`batch handler of ${durable} returned ${result.length} outcomes for ${count} messages`);
  const bad = result.findIndex((r) => !isOutcome(r));
  if (bad >= 0) throw new Error(`batch handler of ${durable} returned ${JSON.stringify(result[bad])} for message ${bad}, not an Outcome`);
  return result as Outcome[];
}

/** What a single-message handler returned, as its Outcome: nothing means ack. */
export function outcomeOf(result: unknown, durable: string): Outcome {
  if (result === undefined) return ack();
  if (isOutcome(result)) return result;
  throw new Error(`handler of ${durable} returned ${JSON.stringify(result) ?? typeof result}, not an Outcome`);
}
