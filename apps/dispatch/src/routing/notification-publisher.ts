import { Injectable } from '@nestjs/common';
import { CHANNELS, type DeliveryJob } from '@herald/contracts';
import { Publisher } from '@herald/messaging';
import { counter, Registry, type WorkContext } from '@herald/observability';
import { OutcomeRecorder } from '../delivery/outcome-recorder.js';
import type { LoggedNotification } from './notification-log.js';

const MUTE_REASONS = ['silence', 'maintenance', 'inhibition', 'paused'] as const;

/**
 * Puts a logged notification on its way: a job on `dispatch.jobs.<receiver>` (its id is the
 * Nats-Msg-Id, so a second publish is dropped by JetStream), or, when muted, a `muted`
 * entry in the delivery log and outcome on DELIVERIES (attempt 1, status class `none`), so
 * analytics counts what was held back and nothing is lost silently.
 */
@Injectable()
export class NotificationPublisher {
  private readonly jobs;
  private readonly muted;

  constructor(
    private readonly publisher: Publisher,
    private readonly outcomes: OutcomeRecorder,
    registry: Registry,
  ) {
    this.jobs = counter(registry, {
      name: 'herald_dispatch_jobs_created_total',
      help: 'Delivery jobs created by routing, by channel',
      labelNames: ['channel'],
    });
    this.muted = counter(registry, {
      name: 'herald_dispatch_notifications_muted_total',
      help: 'Notifications recorded as muted instead of sent, by reason (silence, maintenance, inhibition, paused)',
      labelNames: ['reason'],
    });
    for (const channel of CHANNELS) this.jobs.inc({ channel }, 0);
    for (const reason of MUTE_REASONS) this.muted.inc({ reason }, 0);
  }

  /**
   * Publishes many notifications at once: the jobs pipelined, the muted ones recorded together
   * (OutcomeRecorder groups them). `context` is the work they come from (absent for a timer's).
   */
  async publishAll(notifications: readonly LoggedNotification[], now = Date.now(), context?: WorkContext): Promise<void> {
    const jobs = notifications.filter((n) => !n.muted).map((n) => n.job);
    const options = context ? { context } : {};
    await Promise.all([
      this.publisher.publishAll(jobs.map((payload) => ({ kind: 'deliveryJob' as const, payload, options }))),
      ...notifications.filter((n) => n.muted).map((n) => this.publish(n, now, context)),
    ]);
    for (const job of jobs) this.jobs.inc({ channel: job.channel });
  }

  /** Counts jobs created but sent without a DISPATCH message (direct sends). */
  noteCreated(jobs: readonly DeliveryJob[]): void {
    for (const job of jobs) this.jobs.inc({ channel: job.channel });
  }

  async publish(n: LoggedNotification, now = Date.now(), context?: WorkContext): Promise<void> {
    const { job } = n;
    if (!n.muted) {
      await this.publisher.publish('deliveryJob', job, context ? { context } : {});
      this.jobs.inc({ channel: job.channel });
      return;
    }
    // Recorded like an attempt (status `muted`, final), so the deliveries API lists it and a replay can send it after all.
    const attempt = { attempt: 1, outcome: 'muted' as const, statusClass: 'none' as const, errorClass: `muted_${n.muted.by}`, durationMs: 0, attemptedAt: new Date(now) };
    // The outcome first, so the log row is written once (a crash in between publishes it again under the same id
    // when the event is redelivered); an outcome DELIVERIES refused throws, so the event is routed again and publishes it.
    await this.outcomes.record(job, { ...attempt, errorDetail: `${n.muted.by} ${n.muted.id}` }, context);
    this.muted.inc({ reason: n.muted.by });
  }
}
