import { spreadDelayMs } from './delivery-policy.js';

/** A job for a receiver this replica does not know yet is held this long, this many times (a new receiver may not have reached its cache). */
export const UNKNOWN_RECEIVER_DELAY_MS = 1_000;
export const UNKNOWN_RECEIVER_DELIVERIES = 3;

/** What the sender knows about a job's receiver when the job arrives, all from memory. */
export interface AdmissionFacts {
  readonly receiverId: string;
  /** Undefined: no such receiver (yet) in this replica's cache. */
  readonly receiver: { readonly enabled: boolean } | undefined;
  /** How often the broker has handed this job out (1 on first delivery). */
  readonly deliveryCount: number;
  readonly disabled: { readonly reason: string; readonly at: Date } | undefined;
  /** How much longer the receiver asked to be left alone (Retry-After), ms; ≤ 0 when it did not. */
  readonly quietForMs: number;
  /** The circuit breaker's answer, without moving it. */
  readonly circuit: { readonly allowed: true } | { readonly allowed: false; readonly retryInMs: number };
  /** Whether a concurrency slot for the receiver could be had now. */
  readonly slotFree: boolean;
}

export type AdmissionDecision =
  /** Go on to send (subject to the rate limit and the breaker's admission at send time). */
  | { readonly action: 'send' }
  /** The job ends here without a send, recorded like any attempt. */
  | { readonly action: 'finish'; readonly outcome: 'failed' | 'muted'; readonly errorClass: string; readonly errorDetail: string }
  /** Ask again later; counts as a delivery (bounded by UNKNOWN_RECEIVER_DELIVERIES). */
  | { readonly action: 'retry'; readonly delayMs: number; readonly reason: string }
  /** Held back in the broker without spending an attempt. */
  | { readonly action: 'defer'; readonly reason: 'retry_after' | 'circuit_open'; readonly delayMs: number }
  /** The receiver is at its concurrency cap: held back for about its place in the queue. */
  | { readonly action: 'busy' };

/**
 * The sender's gates, in order, before any database round trip: unknown receiver (wait for
 * the cache a few times, then fail), paused (muted), disabled (failed), asked for quiet
 * (Retry-After), open circuit, concurrency cap. Holds are spread by up to a second so the
 * jobs held together do not all come back in the same instant.
 */
export function admitJob(facts: AdmissionFacts, random: () => number): AdmissionDecision {
  if (!facts.receiver) {
    if (facts.deliveryCount < UNKNOWN_RECEIVER_DELIVERIES) return { action: 'retry', delayMs: UNKNOWN_RECEIVER_DELAY_MS, reason: 'receiver unknown' };
    return { action: 'finish', outcome: 'failed', errorClass: 'receiver_unknown', errorDetail: `no receiver "${facts.receiverId}"` };
  }
  if (!facts.receiver.enabled) return { action: 'finish', outcome: 'muted', errorClass: 'receiver_paused', errorDetail: 'the receiver is paused' };
  if (facts.disabled) {
    return { action: 'finish', outcome: 'failed', errorClass: 'receiver_disabled', errorDetail: `disabled (${facts.disabled.reason}) at ${facts.disabled.at.toISOString()}` };
  }
  if (facts.quietForMs > 0) {
    return { action: 'defer', reason: 'retry_after', delayMs: spreadDelayMs(facts.quietForMs, random, Math.min(1_000, facts.quietForMs)) };
  }
  if (!facts.circuit.allowed) return { action: 'defer', reason: 'circuit_open', delayMs: spreadDelayMs(facts.circuit.retryInMs, random) };
  if (!facts.slotFree) return { action: 'busy' };
  return { action: 'send' };
}
