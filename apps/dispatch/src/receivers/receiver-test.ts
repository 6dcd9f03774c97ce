import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { DeliveryJob, IncidentEventType, StatusClass } from '@herald/contracts';
import { DeliveryTransport } from '../delivery/delivery-transport.js';
import { classifyAttempt } from '../delivery/domain/index.js';
import { ConfigStore } from './config-store.js';
import { DispatchError } from './domain/dispatch.errors.js';
import { ReceiverSpec } from './domain/receiver.js';
import { testMessage } from './domain/test-event.js';

/** What a test notification did; nothing here is secret (the request is not echoed). */
export interface TestOutcome {
  readonly receiverId: string;
  readonly eventType: string;
  readonly channel: string;
  readonly outcome: 'delivered' | 'failed';
  readonly statusClass: StatusClass;
  readonly statusCode?: number;
  readonly errorClass?: string;
  readonly errorDetail?: string;
  readonly responseExcerpt?: string;
  readonly durationMs: number;
}

/**
 * Sends a test notification to a receiver through the sender's own transport (renderer,
 * signing, OAuth2 tokens, SSRF-guarded HTTP client or SMTP) and reports how it went, once,
 * without retries, recording nothing. Works for a paused receiver too: testing is how one
 * checks it before resuming.
 */
@Injectable()
export class ReceiverTester {
  constructor(
    private readonly store: ConfigStore,
    private readonly transport: DeliveryTransport,
  ) {}

  async test(id: string, type: IncidentEventType = 'IncidentTriggered'): Promise<TestOutcome> {
    const object = await this.store.get('receivers', id);
    if (!object) throw DispatchError.notFound('receiver', id);
    const parsed = ReceiverSpec.safeParse({ ...object.spec, id });
    if (!parsed.success) throw new DispatchError('INVALID', `receiver "${id}" as stored is no longer valid; update it`);
    const receiver = parsed.data;
    const now = new Date();
    const job: DeliveryJob = { id: `test-${randomUUID()}`, receiverId: id, channel: receiver.channel, createdAt: now.toISOString(), message: testMessage(type, now, { incidentId: randomUUID(), eventId: randomUUID(), alertId: randomUUID() }) };
    const sent = await this.transport.attempt(job, receiver, now);
    const c = classifyAttempt(sent.result);
    return {
      receiverId: id,
      eventType: type,
      channel: receiver.channel,
      outcome: c.success ? 'delivered' : 'failed',
      statusClass: c.statusClass,
      ...(sent.statusCode !== undefined ? { statusCode: sent.statusCode } : {}),
      ...(!c.success ? { errorClass: sent.errorClass ?? (sent.statusCode !== undefined ? `http_${sent.statusCode}` : 'other') } : {}),
      ...(!c.success && sent.errorDetail ? { errorDetail: sent.errorDetail.slice(0, 500) } : {}),
      ...(sent.responseExcerpt ? { responseExcerpt: sent.responseExcerpt.slice(0, 1_024) } : {}),
      durationMs: sent.durationMs,
    };
  }
}
