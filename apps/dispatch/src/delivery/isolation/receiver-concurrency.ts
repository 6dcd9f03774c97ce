/** A send slot held for one receiver; give it back with `release`. */
export interface Slot {
  readonly receiverId: string;
  readonly startedAt: number;
}

interface Waiter {
  readonly grant: (slot: Slot | undefined) => void;
  readonly timer: NodeJS.Timeout;
}

export interface QueueOptions {
  /** A receiver whose sends take longer than this (or that has one in flight for longer) gets no local queue. */
  readonly quickSendMs: number;
  /** Longest a job waits locally for a slot. */
  readonly maxWaitMs: number;
  /** Jobs one receiver may have waiting locally, as a multiple of its cap. */
  readonly perReceiverFactor: number;
  /** Jobs waiting locally over all receivers: keeps most of the consumer's slots for sending. */
  readonly totalWaiting: number;
}

/**
 * A send counts as quick up to 2 s: under a storm the measured time includes dispatch's own
 * event-loop delay, and with a stricter bound a busy (not slow) receiver lost its local queue,
 * so every job beyond its cap bounced through the broker, each bounce costing a redelivery and
 * a decode: 84,703 bounces for 10,000 jobs in one overloaded run, which starved the sends further.
 * A local wait stays well inside the sender's ack wait (15 s).
 */
/** How often waiting jobs are checked against a receiver that has started hanging. */
const WATCH_MS = 100;

const DEFAULT_QUEUE: QueueOptions = { quickSendMs: 2_000, maxWaitMs: 5_000, perReceiverFactor: 2, totalWaiting: 16 };

/**
 * Sends in flight per receiver on this replica, and how long that receiver's sends take.
 * One durable consumer serves every receiver, so a receiver at its cap must not occupy the
 * consumer's shared slots: the job goes back to the broker (nak with a delay). Only a receiver
 * whose sends are quick may hold a local queue (bounded per receiver and over all receivers,
 * for a few seconds at most), which spares a burst to a healthy receiver the round trips
 * through the broker; a receiver that hangs or is slow never gets one.
 */
export class ReceiverConcurrency {
  private readonly inFlight = new Map<string, Set<Slot>>();
  private readonly waiting = new Map<string, Waiter[]>();
  private readonly meanMs = new Map<string, number>();
  private readonly parked = new Map<string, number>();
  private waitingTotal = 0;
  private watcher: NodeJS.Timeout | undefined;

  constructor(queue: Partial<QueueOptions> = {}) {
    this.queue = { ...DEFAULT_QUEUE, ...queue };
  }

  private readonly queue: QueueOptions;

  tryAcquire(receiverId: string, cap: number, now: number): Slot | undefined {
    const slots = this.slots(receiverId);
    if (slots.size >= cap) return undefined;
    const slot = { receiverId, startedAt: now };
    slots.add(slot);
    return slot;
  }

  /**
   * Whether `acquire` could give a slot now or after a local wait (a cheap check before costlier
   * work): a job waits here only for a receiver whose sends are quick, within the bounds on
   * waiting jobs, and when the slot should come within the longest wait (the jobs ahead of it
   * leave `cap` at a time, one send each), so it is not held only to be handed back later.
   */
  mayAcquire(receiverId: string, cap: number, now: number): boolean {
    if ((this.inFlight.get(receiverId)?.size ?? 0) < cap) return true;
    const ahead = this.waiting.get(receiverId)?.length ?? 0;
    return (
      this.waitingTotal < this.queue.totalWaiting &&
      ahead < cap * this.queue.perReceiverFactor &&
      this.isQuick(receiverId, now) &&
      Math.ceil((ahead + 1) / Math.max(1, cap)) * this.expectedSendMs(receiverId, now) <= this.queue.maxWaitMs
    );
  }

  /**
   * A slot now, or after a local wait when the receiver is quick, or undefined (hand the job
   * back). Waiters give up after the longest wait, or as soon as the receiver stops being
   * quick (a send in flight for longer than a quick one: it has started hanging), so a hanging
   * receiver frees the consumer's slots within moments.
   */
  async acquire(receiverId: string, cap: number, now: number): Promise<Slot | undefined> {
    const slot = this.tryAcquire(receiverId, cap, now);
    if (slot) return slot;
    if (!this.mayAcquire(receiverId, cap, now)) return undefined;
    const queue = this.waiting.get(receiverId) ?? [];
    this.watchWaiters();
    return new Promise<Slot | undefined>((resolve) => {
      const waiter: Waiter = {
        grant: resolve,
        timer: setTimeout(() => {
          const list = this.waiting.get(receiverId);
          const at = list?.indexOf(waiter) ?? -1;
          if (list && at >= 0) {
            list.splice(at, 1);
            this.waitingTotal -= 1;
          }
          resolve(undefined);
        }, this.queue.maxWaitMs),
      };
      queue.push(waiter);
      this.waiting.set(receiverId, queue);
      this.waitingTotal += 1;
    });
  }

  /** Checks the waiters every WATCH_MS while there are any. */
  private watchWaiters(): void {
    if (this.watcher) return;
    this.watcher = setInterval(() => this.releaseHangingWaiters(Date.now()), WATCH_MS);
    this.watcher.unref();
  }

  /** Hands back the jobs waiting for a receiver that is no longer quick. */
  releaseHangingWaiters(now: number): void {
    for (const [receiverId, list] of this.waiting) {
      if (this.isQuick(receiverId, now)) continue;
      this.waiting.delete(receiverId);
      for (const waiter of list) {
        clearTimeout(waiter.timer);
        this.waitingTotal -= 1;
        waiter.grant(undefined);
      }
    }
    if (this.waitingTotal === 0) {
      clearInterval(this.watcher);
      this.watcher = undefined;
    }
  }

  /** `sent`: the slot was used for a send, whose duration then counts towards the receiver's mean. */
  release(slot: Slot, now: number, sent = true): void {
    const slots = this.inFlight.get(slot.receiverId);
    if (!slots?.delete(slot)) return;
    if (sent) {
      const duration = Math.max(0, now - slot.startedAt);
      const previous = this.meanMs.get(slot.receiverId);
      // Exponentially weighted mean (α = 0.2): follows a change in the receiver within a few sends.
      this.meanMs.set(slot.receiverId, previous === undefined ? duration : previous * 0.8 + duration * 0.2);
    }
    const next = this.waiting.get(slot.receiverId)?.shift();
    if (next) {
      // Hand the slot straight to the first waiter, so nobody can take it in between.
      this.waitingTotal -= 1;
      clearTimeout(next.timer);
      const handed = { receiverId: slot.receiverId, startedAt: now };
      slots.add(handed);
      next.grant(handed);
      return;
    }
    if (slots.size === 0) this.inFlight.delete(slot.receiverId);
  }

  /**
   * How long a send to this receiver is expected to hold its slot: the mean of recent sends,
   * or the age of the oldest send still in flight when that is longer (a receiver that has
   * just started hanging has no slow completed sends yet).
   */
  expectedSendMs(receiverId: string, now: number): number {
    return Math.max(this.meanMs.get(receiverId) ?? 0, this.oldestInFlightMs(receiverId, now));
  }

  /**
   * How long the receiver's oldest send in flight has taken so far (0 when none). Slots enter
   * the set when their send starts, so the first one is the oldest: this runs for every job of
   * a storm, and walking all of a receiver's slots each time was a visible share of dispatch's
   * allocations with 256 in flight.
   */
  private oldestInFlightMs(receiverId: string, now: number): number {
    const slots = this.inFlight.get(receiverId);
    if (!slots || slots.size === 0) return 0;
    const [oldest] = slots;
    return Math.max(0, now - oldest!.startedAt);
  }

  /**
   * Whether the receiver's sends are quick: their mean is within `quickSendMs`, and no send in
   * flight has taken much longer than usual (four times the mean, and over `quickSendMs`): one
   * that has, has started hanging. Measured against the receiver's own pace, so a storm that
   * slows every send (dispatch's own event loop is busy) does not read as a hanging receiver.
   */
  isQuick(receiverId: string, now: number): boolean {
    const mean = this.meanMs.get(receiverId) ?? 0;
    if (mean > this.queue.quickSendMs) return false;
    return this.oldestInFlightMs(receiverId, now) <= Math.max(this.queue.quickSendMs, 4 * mean);
  }

  /** Notes a job handed back to the broker for `delayMs`: it is ahead of the next one until it returns. */
  park(receiverId: string, delayMs: number): void {
    this.parked.set(receiverId, (this.parked.get(receiverId) ?? 0) + 1);
    setTimeout(() => {
      const n = (this.parked.get(receiverId) ?? 1) - 1;
      if (n <= 0) this.parked.delete(receiverId);
      else this.parked.set(receiverId, n);
    }, delayMs).unref();
  }

  /** Jobs for this receiver waiting here for a slot. */
  waitingCount(receiverId: string): number {
    return this.waiting.get(receiverId)?.length ?? 0;
  }

  /** Jobs for this receiver waiting here or parked in the broker: the queue a new job joins. */
  queued(receiverId: string): number {
    return (this.parked.get(receiverId) ?? 0) + (this.waiting.get(receiverId)?.length ?? 0);
  }

  /** Mean duration of this receiver's recent sends (0 before the first): its pace when healthy. */
  meanSendMs(receiverId: string): number {
    return this.meanMs.get(receiverId) ?? 0;
  }

  inFlightCount(receiverId?: string): number {
    if (receiverId !== undefined) return this.inFlight.get(receiverId)?.size ?? 0;
    let n = 0;
    for (const slots of this.inFlight.values()) n += slots.size;
    return n;
  }

  private slots(receiverId: string): Set<Slot> {
    let slots = this.inFlight.get(receiverId);
    if (!slots) {
      slots = new Set();
      this.inFlight.set(receiverId, slots);
    }
    return slots;
  }
}
