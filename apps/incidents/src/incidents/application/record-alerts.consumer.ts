import { Controller, Inject } from '@nestjs/common';
import { CONSUMERS } from '@herald/contracts';
import { classifyFailure, ConsumeBatch, type InboundMessage } from '@herald/messaging';
import { alertFailure, type FailedAlert } from './alert-failures.js';
import { IncidentCommands, type BatchItem } from './incident-commands.js';

/** Alerts committed in one transaction at most (INCIDENTS_BATCH_SIZE). */
export const ALERTS_PER_TRANSACTION = Symbol('ALERTS_PER_TRANSACTION');

/**
 * Consumes canonical alerts in batches of ALERTS messages, each carrying the alerts of one
 * request (or a chunk of them, up to 100): their alerts in transactions of at most
 * ALERTS_PER_TRANSACTION (grouped by dedup key inside), every alert's own id in the inbox
 * beside the events it caused, so an alert that arrives again, redelivered or in another
 * message, changes nothing. The bound keeps a transaction's advisory locks (one per dedup key)
 * well inside PostgreSQL's shared lock table, which a batch of a hundred full messages would
 * not be; a batch acked after its last transaction loses nothing if an earlier one committed
 * and a later one failed: the inbox makes the committed alerts duplicates on redelivery.
 *
 * A failing batch is retried message by message by the runner; a failing message of many
 * alerts is then retried alert by alert here, so one bad alert is recorded as failed (its
 * message dead-lettered or retried, the reason naming it) while its neighbours are recorded.
 * Batch size, concurrency and ack wait come from configuration (the module's tuning).
 */
@Controller()
export class RecordAlertsConsumer {
  constructor(
    private readonly commands: IncidentCommands,
    @Inject(ALERTS_PER_TRANSACTION) private readonly perTransaction: number,
  ) {}

  @ConsumeBatch(CONSUMERS.incidents, { batchSize: 100, concurrency: 1 })
  async handle(messages: readonly InboundMessage<'canonicalAlerts'>[]): Promise<void> {
    const items = messages.flatMap(commandsOf);
    try {
      for (let i = 0; i < items.length; i += this.perTransaction) await this.commands.executeBatch(items.slice(i, i + this.perTransaction));
    } catch (error) {
      // Several messages: the runner retries them one at a time, which comes back here with one.
      // An outage (database away): alert by alert would only fail the same way, slower.
      if (messages.length > 1 || items.length <= 1 || classifyFailure(error) === 'transient') throw error;
      await this.alertByAlert(items);
    }
  }

  /**
   * Each alert of a failed message in its own transaction (those an earlier transaction of the
   * batch recorded are inbox duplicates, cheap). Those that pass are recorded (their
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
