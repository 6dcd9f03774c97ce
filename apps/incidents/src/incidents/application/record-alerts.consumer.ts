import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CONSUMERS } from '@herald/contracts';
import { ack, Consumers, type InboundMessage, type Outcome } from '@herald/messaging';
import { IncidentCommands } from './incident-commands.js';

export const RECORD_ALERTS_OPTIONS = Symbol('RECORD_ALERTS_OPTIONS');

export interface RecordAlertsOptions {
  readonly batchSize: number;
  readonly concurrency: number;
  readonly ackWaitMs: number;
}

/**
 * Consumes canonical alerts in batches: one transaction per batch (grouped by dedup key
 * inside), the message id in the inbox beside the events it caused, so a redelivered
 * batch changes nothing. A failing batch is retried message by message by the runner.
 */
@Injectable()
export class RecordAlertsConsumer implements OnModuleInit {
  constructor(
    private readonly consumers: Consumers,
    private readonly commands: IncidentCommands,
    @Inject(RECORD_ALERTS_OPTIONS) private readonly options: RecordAlertsOptions,
  ) {}

  onModuleInit(): void {
    this.consumers.register({ ...CONSUMERS.incidents, ackWaitMs: this.options.ackWaitMs }, {
      batchSize: this.options.batchSize,
      concurrency: this.options.concurrency,
      handleBatch: (messages) => this.handle(messages),
    });
  }

  private async handle(messages: readonly InboundMessage<'canonicalAlert'>[]): Promise<Outcome[]> {
    const items = messages.map((m) => ({
      command: { type: 'RecordAlert' as const, alert: m.data },
      meta: { inboxId: m.msgId, alertReceivedAt: m.data.receivedAt, correlationId: m.correlationId, traceparent: m.traceparent },
    }));
    await this.commands.executeBatch(items);
    return messages.map(() => ack());
  }
}
