import { Controller } from '@nestjs/common';
import { CONSUMERS } from '@herald/contracts';
import { ConsumeBatch, type InboundMessage } from '@herald/messaging';
import { IncidentCommands, type BatchItem } from './incident-commands.js';

/**
 * Consumes canonical alerts in batches of ALERTS messages, each carrying the alerts of one
 * request (or a chunk of them): one transaction per batch (grouped by dedup key inside), every
 * alert's own id in the inbox beside the events it caused, so an alert that arrives again,
 * redelivered or in another message, changes nothing. A failing batch is retried message by
 * message by the runner. Batch size, concurrency and ack wait come from configuration (the
 * module's tuning).
 */
@Controller()
export class RecordAlertsConsumer {
  constructor(private readonly commands: IncidentCommands) {}

  @ConsumeBatch(CONSUMERS.incidents, { batchSize: 100, concurrency: 1 })
  async handle(messages: readonly InboundMessage<'canonicalAlerts'>[]): Promise<void> {
    await this.commands.executeBatch(messages.flatMap(commandsOf));
  }
}

/** A message's alerts as commands, each deduplicated by its own alert id, not the message's. */
function commandsOf(m: InboundMessage<'canonicalAlerts'>): BatchItem[] {
  return m.data.alerts.map((alert) => ({
    command: { type: 'RecordAlert' as const, alert },
    meta: { inboxId: alert.id, alertReceivedAt: alert.receivedAt, correlationId: m.correlationId, traceparent: m.traceparent },
  }));
}
