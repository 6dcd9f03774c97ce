import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DeliveryJob } from '@herald/contracts';
import { Registry } from '@herald/observability';
import { AttemptSender, type SendTarget, type SentAttempt } from './attempt-sender.js';
import { OAuth2Tokens } from './auth/oauth2-tokens.js';
import { DeliveryMetrics } from './delivery-metrics.js';
import { EmailSender } from './email/email-sender.js';
import { GuardedHttpClient } from './http/guarded-http-client.js';
import { SlackThreads } from './state/slack-threads.js';

export const TRANSPORT_OPTIONS = Symbol('TRANSPORT_OPTIONS');

export interface TransportOptions {
  /** Destinations in otherwise refused ranges (loopback, private…) that receivers may reach. */
  readonly allowCidrs: readonly string[];
  readonly connectTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly smtpUrl: string | undefined;
  readonly heraldUrl: string | undefined;
}

/**
 * The outbound side of dispatch, shared by the sender and anything else that must reach a
 * receiver the same way (a "test this receiver" endpoint): render, SSRF-guarded HTTP with
 * OAuth2 tokens, SMTP. `attempt` sends once and reports; it records and retries nothing.
 */
@Injectable()
export class DeliveryTransport implements OnApplicationShutdown {
  private readonly http: GuardedHttpClient;
  private readonly email: EmailSender;
  private readonly sender: AttemptSender;
  private readonly threads: SlackThreads;

  constructor(@Inject(TRANSPORT_OPTIONS) options: TransportOptions, registry: Registry, dataSource: DataSource) {
    const metrics = new DeliveryMetrics(registry);
    this.http = new GuardedHttpClient(options);
    this.email = new EmailSender(options.smtpUrl, options.requestTimeoutMs);
    const tokens = new OAuth2Tokens(this.http, Date.now, (result) => metrics.tokenFetches.inc({ result }));
    this.threads = new SlackThreads(dataSource);
    this.sender = new AttemptSender(this.http, this.email, tokens, options.heraldUrl, this.threads);
  }

  attempt(job: DeliveryJob, target: SendTarget, attemptedAt: Date): Promise<SentAttempt> {
    return this.sender.attempt(job, target, attemptedAt);
  }

  /** Several jobs for one receiver as one request (batch sending); see `AttemptSender.attemptBatch`. */
  attemptBatch(jobs: readonly DeliveryJob[], target: SendTarget, attemptedAt: Date): Promise<SentAttempt> {
    return this.sender.attemptBatch(jobs, target, attemptedAt);
  }

  /** Forgets Slack threads older than the delivery log keeps. */
  pruneThreads(before: Date): Promise<void> {
    return this.threads.prune(before);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.http.close();
    this.email.close();
  }
}
