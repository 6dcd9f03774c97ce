import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { receiverDisabledJob, type ReceiverDisabledNotice } from './receiver-disabled.js';

const AT = new Date('2026-03-01T12:00:00.000Z');
const target = {
  receiver: { id: 'ops', channel: 'slack' as const },
  incidentId: '00000000-0000-4000-8000-000000000001',
  eventId: '00000000-0000-4000-8000-000000000002',
  alertId: '00000000-0000-4000-8000-000000000003',
};
const notice = (over: Partial<ReceiverDisabledNotice> = {}): ReceiverDisabledNotice => ({
  receiver: { id: 'billing-hook', name: 'Billing hook', channel: 'webhook' },
  reason: 'gone',
  detail: 'answered 410',
  at: AT,
  ...over,
});

describe('receiverDisabledJob', () => {
  const cases: Array<[string, ReceiverDisabledNotice, RegExp, Record<string, unknown>]> = [
    ['410 Gone', notice(), /answered 410 Gone/, { reason: 'gone', detail: 'answered 410' }],
    [
      'failing for the disable period',
      notice({ reason: 'failing', detail: 'failing since 2026-02-24', failingSince: new Date('2026-02-24T12:00:00.000Z') }),
      /kept failing/,
      { reason: 'failing', failingSince: '2026-02-24T12:00:00.000Z' },
    ],
  ];
  for (const [name, input, summary, details] of cases) {
    it(`${name}: a triggered HeraldReceiverDisabled incident for the operations receiver`, () => {
      const job = receiverDisabledJob(input, target);
      assert.deepEqual([job.receiverId, job.channel], ['ops', 'slack']);
      assert.equal(job.id, `receiver-disabled.billing-hook.${AT.getTime()}.ops`, 'one per disable: a second publish is dropped');
      const { event, incident } = job.message;
      assert.equal(event.type, 'IncidentTriggered');
      assert.deepEqual(incident.labels, { alertname: 'HeraldReceiverDisabled', herald_event: 'receiver.disabled', receiver: 'billing-hook', receiver_channel: 'webhook', reason: input.reason });
      assert.match(incident.summary, summary);
      assert.match(incident.summary, /Billing hook/);
      assert.equal(incident.severity, 'error');
      const data = event.data as { details: Record<string, unknown> };
      for (const [key, value] of Object.entries(details)) assert.equal(data.details[key], value, key);
      assert.equal(data.details.resume, 'POST /v1/receivers/billing-hook/resume');
    });
  }
});
