import { Controller } from '@nestjs/common';
import { CONSUMERS } from '@herald/contracts';
import { classifyFailure, ConsumeBatch, type InboundMessage } from '@herald/messaging';
import { alertFailure, type FailedAlert } from './alert-failures.js';
import { IncidentCommands, type BatchItem } from './incident-commands.js';

/**
 * Consumes canonical alerts in batches of ALERTS messages, each carrying the alerts of one
 * request (or a chunk of them): one transaction per batch (grouped by dedup key inside), every
 * alert's own id in the inbox beside the events it caused, so an alert that arrives again,
 * redelivered or in another message, changes nothing.
 *
 * A failing batch is retried message by message by the runner; a failing message of many
 * alerts is then retried alert by alert here, so one bad alert is recorded as failed (its
 * message dead-lettered or retried, the reason naming it) while its neighbours are recorded.
 * Batch size, concurrency and ack wait come from configuration (the module's tuning).
 */
@Controller()
export class RecordAlertsConsumer {
  constructor(private readonly commands: IncidentCommands) {}

  @ConsumeBatch(CONSUMERS.incidents, { batchSize: 100, concurrency: 1 })
  async handle(messages: readonly InboundMessage<'canonicalAlerts'>[]): Promise<void> {
    const items = messages.flatMap(commandsOf);
    try {
      await this.commands.executeBatch(items);
    } catch (error) {
      // Several messages: the runner retries them one at a time, which comes back here with one.
      // An outage (database away): alert by alert would only fail the same way, slower.
      if (messages.length > 1 || items.length <= 1 || classifyFailure(error) === 'transient') throw error;
      await this.alertByAlert(items);
    }
  }

  /**
   * Each alert of a failed message in its own transaction. Those that pass are recorded (their
   * inbox rows make the message's redelivery or dead-letter replay harmless for them); the
   * message then fails with the failed alerts named. An outage stops the walk: the message is
   * retried whole, and what was recorded meanwhile is a duplicate then.
   */
  private async alertByAlert(items: readonly BatchItem[]): Promise<void> {
    const failed: FailedAlert[] = [];
    for (const item of items) {
      try {
        await this.commands.executeBatch([item]);
      } catch (error) {
        if (classifyFailure(error) === 'transient') throw error;
        failed.push({ alertId: item.meta.inboxId ?? '?', error });
      }
    }
    if (failed.length > 0) throw alertFailure(failed, items.length);
  }
}

/** A message's alerts as commands, each deduplicated by its own alert id, not the message's. */
function commandsOf(m: InboundMessage<'canonicalAlerts'>): BatchItem[] {
  return m.data.alerts.map((alert) => ({
    command: { type: 'RecordAlert' as const, alert },
    meta: { inboxId: alert.id, alertReceivedAt: alert.receivedAt, correlationId: m.correlationId, traceparent: m.traceparent },
  }));
}
