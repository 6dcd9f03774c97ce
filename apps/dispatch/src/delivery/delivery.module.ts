import { Module, type DynamicModule } from '@nestjs/common';
import { schemaName } from '@herald/persistence';
import type { DispatchConfig } from '../config.js';
import { oncePerConfig } from '../context-module.js';
import { ConfigurationModule } from '../receivers/configuration.module.js';
import { DeliveryTransport, TRANSPORT_OPTIONS, type TransportOptions } from './delivery-transport.js';
import { DeliveryLog } from './log/delivery-log.js';
import { JobSender, SENDER_OPTIONS, type SenderOptions } from './job-sender.js';
import { OutcomeRecorder } from './outcome-recorder.js';
import { SendDeliveryJobs } from './send-delivery-jobs.consumer.js';
import { RateLimiter } from './state/rate-limiter.js';
import { RECEIVER_HEALTH_OPTIONS, ReceiverHealth, type ReceiverHealthOptions } from './state/receiver-health.js';

/**
 * Dispatch's delivery context: consumes delivery jobs and renders, signs, sends, retries and
 * logs each one, with per-receiver isolation, rate limits and circuit breakers. Reads the
 * receivers from configuration; knows nothing of routing.
 */
@Module({})
export class DeliveryModule {
  static readonly forRoot = oncePerConfig((config: DispatchConfig): DynamicModule => {
    const schema = schemaName(config.HERALD_NAMESPACE, 'dispatch');
    const transport: TransportOptions = {
      allowCidrs: config.DISPATCH_ALLOW_CIDRS,
      connectTimeoutMs: config.DISPATCH_CONNECT_TIMEOUT_MS,
      requestTimeoutMs: config.DISPATCH_REQUEST_TIMEOUT_MS,
      smtpUrl: config.SMTP_URL,
      heraldUrl: config.HERALD_PUBLIC_URL,
    };
    const sender: SenderOptions = {
      concurrency: config.DISPATCH_CONCURRENCY,
      defaults: {
        concurrency: config.DISPATCH_RECEIVER_CONCURRENCY,
        circuitBreaker: {
          failureThreshold: config.DISPATCH_CIRCUIT_FAILURE_THRESHOLD,
          cooldownMs: config.DISPATCH_CIRCUIT_COOLDOWN_MS,
          // A probe is presumed lost only once it has certainly timed out.
          probeTimeoutMs: Math.max(config.DISPATCH_CIRCUIT_COOLDOWN_MS, config.DISPATCH_REQUEST_TIMEOUT_MS * 2),
        },
        disableAfterSeconds: config.DISPATCH_DISABLE_AFTER_SECONDS,
      },
      logRetentionDays: config.DISPATCH_DELIVERY_LOG_RETENTION_DAYS,
      requestTimeoutMs: config.DISPATCH_REQUEST_TIMEOUT_MS,
      ...(config.DISPATCH_OPS_RECEIVER ? { opsReceiverId: config.DISPATCH_OPS_RECEIVER } : {}),
    };
    const health: ReceiverHealthOptions = {
      databaseUrl: config.DATABASE_URL,
      channel: `${schema}_receiver_state`.slice(0, 63),
      refreshMs: 15_000,
    };
    return {
      module: DeliveryModule,
      imports: [ConfigurationModule.forRoot(config)],
      controllers: [SendDeliveryJobs],
      providers: [
        { provide: TRANSPORT_OPTIONS, useValue: transport },
        { provide: SENDER_OPTIONS, useValue: sender },
        { provide: RECEIVER_HEALTH_OPTIONS, useValue: health },
        DeliveryTransport,
        DeliveryLog,
        JobSender,
        OutcomeRecorder,
        RateLimiter,
        ReceiverHealth,
      ],
      exports: [DeliveryTransport, DeliveryLog, OutcomeRecorder, ReceiverHealth, JobSender],
    };
  });
}
