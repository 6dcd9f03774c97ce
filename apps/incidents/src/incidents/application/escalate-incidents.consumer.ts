import { Controller } from '@nestjs/common';
import { CONSUMERS } from '@herald/contracts';
import { ConsumeBatch, type InboundMessage } from '@herald/messaging';
import { IncidentCommands } from './incident-commands.js';

/**
 * Escalation steps fallen due, sent by dispatch's escalation scheduler. Each becomes an
 * `EscalateIncident` command, decided against the incident as committed: the step is recorded
 * (`IncidentEscalated`, which dispatch turns into the step's notifications) only while the
 * incident is still triggered. Deciding here, not in dispatch, is what makes "never after an
 * acknowledgement" hold: dispatch learns of an acknowledgement only after the relay.
 * The message id goes into the inbox beside the event, so a redelivery changes nothing.
 */
@Controller()
export class EscalateIncidentsConsumer {
  constructor(private readonly commands: IncidentCommands) {}

  @ConsumeBatch(CONSUMERS.incidentsEscalations, { batchSize: 100, concurrency: 1 })
  async handle(messages: readonly InboundMessage<'escalationDue'>[]): Promise<void> {
    const now = new Date().toISOString();
    const items = messages.map((m) => ({
      command: {
        type: 'EscalateIncident' as const,
        incidentId: m.data.incidentId,
        policyId: m.data.policyId,
        episode: m.data.episode,
        round: m.data.round,
        step: m.data.step,
        receivers: m.data.receivers,
        // Decided now, not at the due time: the event's time is when the step really fired.
        at: now,
      },
      meta: { inboxId: m.msgId, correlationId: m.correlationId, traceparent: m.traceparent },
    }));
    await this.commands.executeBatch(items);
  }
}
