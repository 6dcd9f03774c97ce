import { DeliveryJob, IncidentEventMessage, type Channel } from '@herald/contracts';
import { systemIncident } from './test-event.js';

/** Why the delivery engine disabled a receiver: it answered 410 Gone, or failed without a break for the disable period. */
export type DisableReason = 'gone' | 'failing';

export interface ReceiverDisabledNotice {
  readonly receiver: { readonly id: string; readonly name: string; readonly channel: Channel };
  readonly reason: DisableReason;
  readonly detail: string;
  readonly at: Date;
  /** Since when it had been failing, for `failing`. */
  readonly failingSince?: Date;
}

/** Where the notice goes and the ids it carries (from the caller: no clock or randomness here). */
export interface NoticeTarget {
  readonly receiver: { readonly id: string; readonly channel: Channel };
  readonly incidentId: string;
  readonly eventId: string;
  readonly alertId: string;
}

const WHY: Readonly<Record<DisableReason, string>> = {
  gone: 'it answered 410 Gone',
  failing: 'it kept failing',
};

/**
 * The operational notification Herald sends when it disables a receiver (Svix's
 * `endpoint.disabled`): an incident Herald raises about itself, labelled
 * `alertname=HeraldReceiverDisabled` with the receiver and the reason, so every channel renders
 * it and a webhook consumer can tell it apart. One per disable: the job id is the receiver and
 * the time it was disabled, so a second publish is dropped by JetStream.
 */
export function receiverDisabledJob(notice: ReceiverDisabledNotice, target: NoticeTarget): DeliveryJob {
  const at = notice.at.toISOString();
  const summary = `Herald disabled receiver "${notice.receiver.name}" (${notice.receiver.id}): ${WHY[notice.reason]}; no notifications go to it until it is resumed`;
  const labels = {
    alertname: 'HeraldReceiverDisabled',
    herald_event: 'receiver.disabled',
    receiver: notice.receiver.id,
    receiver_channel: notice.receiver.channel,
    reason: notice.reason,
  };
  const details = {
    receiverId: notice.receiver.id,
    receiverName: notice.receiver.name,
    reason: notice.reason,
    detail: notice.detail,
    disabledAt: at,
    ...(notice.failingSince ? { failingSince: notice.failingSince.toISOString() } : {}),
    resume: `POST /v1/receivers/${notice.receiver.id}/resume`,
  };
  const dedupKey = `herald-receiver-disabled:${notice.receiver.id}`;
  const message = IncidentEventMessage.parse({
    event: {
      id: target.eventId,
      incidentId: target.incidentId,
      version: 1,
      occurredAt: at,
      type: 'IncidentTriggered',
      data: { dedupKey, integrationId: 'herald', source: 'generic', severity: 'error', summary, labels, annotations: {}, details, links: [], alertId: target.alertId },
    },
    incident: systemIncident({ id: target.incidentId, dedupKey, at, status: 'triggered', severity: 'error', summary, labels }),
  });
  return DeliveryJob.parse({
    id: `receiver-disabled.${notice.receiver.id}.${notice.at.getTime()}.${target.receiver.id}`,
    receiverId: target.receiver.id,
    channel: target.receiver.channel,
    createdAt: at,
    message,
  });
}
