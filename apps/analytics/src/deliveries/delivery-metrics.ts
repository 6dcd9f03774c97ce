import { CHANNELS, DELIVERY_OUTCOMES, STATUS_CLASSES, type DeliveryOutcome } from '@herald/contracts';
import { counter, histogram, type Registry } from '@herald/observability';
import { isResponseTimeSample } from './domain/delivery-rollup.js';

/** Where a notification ends: a sum over these is the number of notifications finished. `retrying` is an attempt, not an end. */
const FINAL_OUTCOMES = DELIVERY_OUTCOMES.filter((o) => o !== 'retrying');

/**
 * Delivery analytics as Prometheus metrics. Labels are bounded: receiver ids come
 * from configuration, channels, outcomes and status classes are closed sets.
 * Counted once per outcome id, after the rollup commit: a redelivered outcome
 * changes neither the rollups nor these counters. After a restart the counters
 * start at 0 (Prometheus' rate() handles resets); the analytics API holds the history.
 */
export class DeliveryMetrics {
  private readonly notifications;
  private readonly attempts;
  private readonly retries;
  private readonly duplicates;
  private readonly attemptSeconds;
  private readonly endToEndSeconds;
  private readonly known = new Set<string>();

  constructor(registry: Registry) {
    this.notifications = counter(registry, {
      name: 'herald_notifications_total',
      help: 'Notifications that reached a final outcome (delivered, failed, dead, muted), by receiver and channel; attempts are herald_notification_attempts_total',
      labelNames: ['receiver', 'channel', 'outcome'],
    });
    this.attempts = counter(registry, {
      name: 'herald_notification_attempts_total',
      help: 'Delivery attempts by receiver, channel and status class (2xx, 3xx, 4xx, 5xx, timeout, network, none)',
      labelNames: ['receiver', 'channel', 'status_class'],
    });
    this.retries = counter(registry, {
      name: 'herald_notification_retries_total',
      help: 'Delivery attempts after the first (retries made), by receiver and channel',
      labelNames: ['receiver', 'channel'],
    });
    this.duplicates = counter(registry, {
      name: 'herald_analytics_duplicate_outcomes_total',
      help: 'Delivery outcomes received again (redelivered or republished) and ignored',
    });
    this.attemptSeconds = histogram(registry, {
      name: 'herald_notification_attempt_duration_seconds',
      help: 'Duration of delivery attempts that reached the network (any status class but none), by channel',
      labelNames: ['channel'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    });
    this.endToEndSeconds = histogram(registry, {
      name: 'herald_alert_to_notification_seconds',
      help: 'Time from Herald receiving an alert to the notification being delivered, by channel',
      labelNames: ['channel'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
    });
    this.duplicates.inc(0);
    for (const channel of CHANNELS) {
      this.attemptSeconds.zero({ channel });
      this.endToEndSeconds.zero({ channel });
    }
  }

  /** Pre-initialises a receiver's series so rates start at zero, not absent. */
  knowReceiver(receiver: string, channel: string): void {
    const key = `${receiver}\u0000${channel}`;
    if (this.known.has(key)) return;
    this.known.add(key);
    for (const outcome of FINAL_OUTCOMES) this.notifications.inc({ receiver, channel, outcome }, 0);
    for (const status_class of STATUS_CLASSES) this.attempts.inc({ receiver, channel, status_class }, 0);
    this.retries.inc({ receiver, channel }, 0);
  }

  duplicate(count: number): void {
    if (count > 0) this.duplicates.inc(count);
  }

  record(outcome: DeliveryOutcome): void {
    const receiver = outcome.receiverId;
    const channel = outcome.channel;
    this.knowReceiver(receiver, channel);
    if (outcome.outcome !== 'retrying') this.notifications.inc({ receiver, channel, outcome: outcome.outcome });
    if (outcome.outcome === 'muted') return;
    this.attempts.inc({ receiver, channel, status_class: outcome.statusClass });
    if (outcome.attempt > 1) this.retries.inc({ receiver, channel });
    if (isResponseTimeSample(outcome)) this.attemptSeconds.observe({ channel }, outcome.durationMs / 1_000);
    if (outcome.outcome === 'delivered' && outcome.alertReceivedAt) {
      const delivered = Date.parse(outcome.attemptedAt) + outcome.durationMs;
      const seconds = (delivered - Date.parse(outcome.alertReceivedAt)) / 1_000;
      if (seconds >= 0) this.endToEndSeconds.observe({ channel }, seconds);
    }
  }
}
