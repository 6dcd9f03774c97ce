import type { Refusal } from './circuit-breaker.js';
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
  readonly circuit: { readonly allowed: true } | CircuitRefusal;
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
  | { readonly action: 'defer'; readonly reason: 'retry_after' | CircuitDeferral['reason']; readonly delayMs: number }
  /** The receiver is at its concurrency cap: held back for about its place in the queue. */
  | { readonly action: 'busy' };

export interface CircuitRefusal {
  readonly allowed: false;
  readonly retryInMs: number;
  readonly refusal: Refusal;
}

export interface CircuitDeferral {
  readonly reason: 'circuit_open' | 'circuit_probe';
  readonly delayMs: number;
}

/**
 * How long a send the breaker refused is held. An open circuit: until it may probe, spread by up
 * to a second. A probe out: a short recheck spread by at most a quarter of it, so the jobs
 * waiting for the probe go out soon after it succeeds without all arriving in the same instant.
 */
export function circuitDeferral(refused: CircuitRefusal, random: () => number): CircuitDeferral {
  if (refused.refusal === 'probing') return { reason: 'circuit_probe', delayMs: spreadDelayMs(refused.retryInMs, random, Math.ceil(refused.retryInMs / 4)) };
  return { reason: 'circuit_open', delayMs: spreadDelayMs(refused.retryInMs, random) };
}

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
  if (!facts.circuit.allowed) return { action: 'defer', ...circuitDeferral(facts.circuit, random) };
  if (!facts.slotFree) return { action: 'busy' };
  return { action: 'send' };
}

/** What decides whether fresh jobs for a receiver may be sent straight from routing. */
export interface DirectFacts {
  /** The receiver batches its jobs or is rate limited: both hold jobs, which a direct send cannot. */
  readonly holdsJobs: boolean;
  /** The receiver's own request timeout, ms (undefined: the service's). */
  readonly timeoutMs: number | undefined;
  readonly requestTimeoutMs: number;
  /** `admitJob`'s answer for a fresh job now. */
  readonly admission: AdmissionDecision['action'];
  /** The receiver's sends are quick (no local queue for a slow or hanging one). */
  readonly quick: boolean;
  /** Jobs the sender may hold at once. */
  readonly concurrency: number;
}

/**
 * How many fresh jobs for the receiver may be sent straight from routing now: none unless a job
 * would go out at once (or after a short local wait) to a quick receiver that holds nothing back,
 * and whose timeout fits the direct-send sweep's horizon (set from the service's timeout);
 * otherwise as many as the sender may hold.
 */
export function directCapacity(facts: DirectFacts): number {
  if (facts.holdsJobs || (facts.timeoutMs ?? 0) > facts.requestTimeoutMs) return 0;
  return facts.admission === 'send' && facts.quick ? facts.concurrency : 0;
}
