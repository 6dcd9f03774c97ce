import { CHANNELS, DELIVERY_OUTCOMES, type DeliveryOutcome } from '@herald/contracts';
import { counter, histogram, type Registry } from '@herald/observability';

/**
 * Delivery analytics as Prometheus metrics. Labels are bounded: receiver ids come
 * from configuration, channels and outcomes are closed sets.
 */
export class DeliveryMetrics {
  private readonly notifications;
  private readonly attemptSeconds;
  private readonly endToEndSeconds;

  constructor(registry: Registry) {
    this.notifications = counter(registry, {
      name: 'herald_notifications_total',
      help: 'Notification delivery attempts by receiver, channel and outcome (delivered, retrying, failed, dead, muted)',
      labelNames: ['receiver', 'channel', 'outcome'],
    });
    this.attemptSeconds = histogram(registry, {
      name: 'herald_notification_attempt_duration_seconds',
      help: 'Duration of one delivery attempt, by channel',
      labelNames: ['channel'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    });
    this.endToEndSeconds = histogram(registry, {
      name: 'herald_alert_to_notification_seconds',
      help: 'Time from Herald receiving an alert to the notification being delivered, by channel',
      labelNames: ['channel'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
    });
    for (const channel of CHANNELS) {
      this.attemptSeconds.zero({ channel });
      this.endToEndSeconds.zero({ channel });
    }
  }

  /** Pre-initialises a receiver's series so rates start at zero, not absent. */
  knowReceiver(receiver: string, channel: string): void {
    for (const outcome of DELIVERY_OUTCOMES) this.notifications.inc({ receiver, channel, outcome }, 0);
  }

  record(outcome: DeliveryOutcome): void {
    this.notifications.inc({ receiver: outcome.receiverId, channel: outcome.channel, outcome: outcome.outcome });
    this.attemptSeconds.observe({ channel: outcome.channel }, outcome.durationMs / 1_000);
    if (outcome.outcome === 'delivered' && outcome.alertReceivedAt) {
      const delivered = Date.parse(outcome.attemptedAt) + outcome.durationMs;
      const seconds = (delivered - Date.parse(outcome.alertReceivedAt)) / 1_000;
      if (seconds >= 0) this.endToEndSeconds.observe({ channel: outcome.channel }, seconds);
    }
  }
}
