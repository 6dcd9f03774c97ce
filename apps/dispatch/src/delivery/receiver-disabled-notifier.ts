import { randomUUID } from 'node:crypto';
import type { JetStreamClient } from '@herald/messaging';
import type { Logger } from '@herald/observability';
import { receiverDisabledJob, type DisableReason } from '../receivers/domain/receiver-disabled.js';
import type { ReceiverRegistry } from '../receivers/receiver-registry.js';

/**
 * Tells people when the delivery engine disables a receiver: a job for the operations receiver
 * (DISPATCH_OPS_RECEIVER) carrying a `HeraldReceiverDisabled` notice, sent, retried and logged
 * like any delivery. Never for the operations receiver itself (it could not carry the news), and
 * a failure to publish is logged, never thrown: the disable stands either way.
 */
export class ReceiverDisabledNotifier {
  constructor(
    private readonly client: JetStreamClient,
    private readonly receivers: ReceiverRegistry,
    private readonly opsReceiverId: string | undefined,
    private readonly logger: Logger,
  ) {}

  async disabled(receiverId: string, reason: DisableReason, detail: string, at: Date, failingSince: Date | undefined): Promise<void> {
    const opsId = this.opsReceiverId;
    if (!opsId || opsId === receiverId) return;
    const ops = this.receivers.get(opsId);
    const receiver = this.receivers.get(receiverId);
    if (!ops || !receiver) {
      this.logger.warn({ receiverId, opsReceiverId: opsId }, 'cannot announce the disabled receiver: DISPATCH_OPS_RECEIVER names no receiver');
      return;
    }
    const job = receiverDisabledJob(
      { receiver: { id: receiver.id, name: receiver.name, channel: receiver.channel }, reason, detail, at, ...(failingSince ? { failingSince } : {}) },
      { receiver: { id: ops.id, channel: ops.channel }, incidentId: randomUUID(), eventId: randomUUID(), alertId: randomUUID() },
    );
    try {
      await this.client.publishEvent('deliveryJob', job);
      this.logger.info({ event: 'ReceiverDisabledAnnounced', receiverId, opsReceiverId: ops.id, jobId: job.id }, 'sent the disabled receiver notice to the operations receiver');
    } catch (error) {
      this.logger.warn({ err: error, receiverId, opsReceiverId: ops.id }, 'could not publish the disabled receiver notice');
    }
  }
}
