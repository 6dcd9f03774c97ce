import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { CHANNELS, CONSUMERS, STATUS_CLASSES, type DeliveryOutcome, type DeliveryOutcomeKind } from '@herald/contracts';
import { ack, Consumers, Publisher, retryAfter, type InboundMessage, type Outcome } from '@herald/messaging';
import { counter, histogram, LOGGER, Registry, type Logger } from '@herald/observability';
import { RenderError, renderDelivery, type Rendered } from '../channels/index.js';
import { ReceiverRegistry } from '../receivers/receiver-registry.js';
import { settleAttempt, type AttemptResult } from './domain/settle-attempt.js';
import { EmailSender } from './email/email-sender.js';
import { GuardedHttpClient } from './http/guarded-http-client.js';

export const SENDER_OPTIONS = Symbol('SENDER_OPTIONS');

export interface SenderOptions {
  readonly concurrency: number;
  readonly allowCidrs: readonly string[];
  readonly connectTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly smtpUrl: string | undefined;
  readonly heraldUrl: string | undefined;
}

/**
 * Sends one delivery job: render for the channel, send with the SSRF guard and
 * timeouts, record the attempt on DELIVERIES, then ack, or nak with the retry
 * policy's delay so the broker holds the pending retry across restarts.
 */
@Injectable()
export class SendDeliveryJob implements OnModuleInit, OnApplicationShutdown {
  private readonly http: GuardedHttpClient;
  private readonly email: EmailSender;
  private readonly metrics;

  constructor(
    private readonly consumers: Consumers,
    private readonly publisher: Publisher,
    private readonly receivers: ReceiverRegistry,
    @Inject(SENDER_OPTIONS) private readonly options: SenderOptions,
    @Inject(LOGGER) private readonly logger: Logger,
    registry: Registry,
  ) {
    this.http = new GuardedHttpClient(options);
    this.email = new EmailSender(options.smtpUrl, options.requestTimeoutMs);
    this.metrics = {
      attempts: counter(registry, {
        name: 'herald_delivery_attempts_total',
        help: 'Delivery attempts by channel and result class (2xx, 4xx, 5xx, timeout, network…)',
        labelNames: ['channel', 'status_class'],
      }),
      duration: histogram(registry, {
        name: 'herald_delivery_attempt_duration_seconds',
        help: 'Time one delivery attempt took, by channel',
        labelNames: ['channel'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      }),
    };
    for (const channel of CHANNELS) for (const status_class of STATUS_CLASSES) this.metrics.attempts.inc({ channel, status_class }, 0);
  }

  onModuleInit(): void {
    this.consumers.register(CONSUMERS.dispatchSender, { handle: (m) => this.handle(m), concurrency: this.options.concurrency });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.http.close();
    this.email.close();
  }

  private async handle(message: InboundMessage<'deliveryJob'>): Promise<Outcome> {
    const job = message.data;
    const attempt = message.deliveryCount;
    const receiver = this.receivers.get(job.receiverId);
    const attemptedAt = new Date();
    const base = {
      id: `${job.id}.${attempt}`,
      jobId: job.id,
      receiverId: job.receiverId,
      channel: job.channel,
      attempt,
      incidentId: job.message.event.incidentId,
      eventId: job.message.event.id,
      eventType: job.message.event.type,
      attemptedAt: attemptedAt.toISOString(),
      ...(job.message.alertReceivedAt ? { alertReceivedAt: job.message.alertReceivedAt } : {}),
    };
    if (!receiver) {
      await this.record({ ...base, outcome: 'failed', statusClass: 'none', durationMs: 0, errorClass: 'receiver_unknown' });
      return ack();
    }
    let rendered: Rendered;
    try {
      rendered = renderDelivery(
        job.channel,
        { message: job.message, receiver: { id: receiver.id, name: receiver.name }, now: attemptedAt.toISOString(), ...(this.options.heraldUrl ? { heraldUrl: this.options.heraldUrl } : {}) },
        receiver.settings,
        { messageId: job.id, timestamp: Math.floor(attemptedAt.getTime() / 1_000) },
      );
    } catch (error) {
      if (!(error instanceof RenderError)) throw error;
      this.logger.warn({ receiverId: receiver.id, code: error.code, msg: error.message }, 'render failed');
      await this.record({ ...base, outcome: 'failed', statusClass: 'none', durationMs: 0, errorClass: `render_${error.code.toLowerCase()}` });
      return ack();
    }
    const sent =
      rendered.kind === 'http'
        ? await this.http.post(rendered.url, rendered.headers, rendered.body)
        : { ...(await this.email.send(rendered)), headers: {} as Record<string, string> };
    const result: AttemptResult = {
      ...(sent.statusCode !== undefined ? { statusCode: sent.statusCode } : {}),
      ...(sent.error !== undefined ? { error: sent.error } : {}),
      ...(sent.headers['retry-after'] ? { retryAfterHeader: sent.headers['retry-after'] } : {}),
    };
    const settled = settleAttempt({ result, attempt, policy: receiver.retry, now: Date.now(), random: Math.random });
    this.metrics.attempts.inc({ channel: job.channel, status_class: settled.statusClass });
    this.metrics.duration.observe({ channel: job.channel }, sent.durationMs / 1_000);
    await this.record({
      ...base,
      outcome: settled.outcome,
      statusClass: settled.statusClass,
      durationMs: sent.durationMs,
      ...(sent.statusCode !== undefined ? { statusCode: sent.statusCode } : {}),
      ...(sent.error ? { errorClass: sent.error } : settled.finalReason ? { errorClass: settled.finalReason } : {}),
    });
    if (settled.outcome !== 'delivered') {
      this.logger.info({ receiverId: receiver.id, attempt, outcome: settled.outcome, status: sent.statusCode, error: sent.errorDetail }, 'delivery attempt failed');
    }
    return settled.retryInMs !== undefined ? retryAfter(settled.retryInMs, `${settled.statusClass}`) : ack();
  }

  private async record(outcome: DeliveryOutcome & { outcome: DeliveryOutcomeKind }): Promise<void> {
    await this.publisher.publish('deliveryOutcome', outcome);
  }
}
