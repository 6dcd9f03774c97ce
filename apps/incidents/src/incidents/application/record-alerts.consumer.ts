import { Controller } from '@nestjs/common';
import { CONSUMERS } from '@herald/contracts';
import { ConsumeBatch, type InboundMessage } from '@herald/messaging';
import { IncidentCommands } from './incident-commands.js';

/**
 * Consumes canonical alerts in batches: one transaction per batch (grouped by dedup key
 * inside), the message id in the inbox beside the events it caused, so a redelivered
 * batch changes nothing. A failing batch is retried message by message by the runner.
 * Batch size, concurrency and ack wait come from configuration (the module's tuning).
 */
@Controller()
export class RecordAlertsConsumer {
  constructor(private readonly commands: IncidentCommands) {}

  @ConsumeBatch(CONSUMERS.incidents, { batchSize: 100, concurrency: 1 })
  async handle(messages: readonly InboundMessage<'canonicalAlert'>[]): Promise<void> {
    const items = messages.map((m) => ({
      command: { type: 'RecordAlert' as const, alert: m.data },
      meta: { inboxId: m.msgId, alertReceivedAt: m.data.receivedAt, correlationId: m.correlationId, traceparent: m.traceparent },
    }));
    await this.commands.executeBatch(items);
  }
}
