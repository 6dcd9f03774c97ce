import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MESSAGES } from './messages.js';
import { STREAMS } from './streams.js';
import { cloudEventHeaders, readCloudEventAttributes } from './cloudevents.js';

describe('message registry', () => {
  it('derives subjects inside the stream that owns the family', () => {
    const cases = [
      { kind: MESSAGES.canonicalAlerts, subject: 'alerts.normalised.grafana' },
      { kind: MESSAGES.incidentEvent, subject: 'incidents.events.6f9619ff-8b86-4d01-b42d-00cf4fc964ff' },
      { kind: MESSAGES.deliveryJob, subject: 'dispatch.jobs.ops-webhook' },
      { kind: MESSAGES.deliveryOutcomes, subject: 'deliveries.dead.ops-webhook' },
    ];
    for (const { kind, subject } of cases) {
      const prefix = STREAMS[kind.stream].subjects[0]!.replace('>', '');
      assert.ok(subject.startsWith(prefix), `${subject} under ${prefix}`);
    }
    assert.equal(MESSAGES.deliveryJob.subject({ receiverId: 'ops-webhook' } as Parameters<typeof MESSAGES.deliveryJob.subject>[0]), 'dispatch.jobs.ops-webhook');
  });

  it("uses a lone alert's own id as the message id, so a retried POST (same idempotency key, same ids) dedupes", () => {
    const alert = { id: '6f9619ff-8b86-4d01-b42d-00cf4fc964ff', source: 'generic' } as Parameters<typeof MESSAGES.canonicalAlerts.id>[0]['alerts'][number];
    assert.equal(MESSAGES.canonicalAlerts.id({ alerts: [alert] }), alert.id);
    assert.equal(MESSAGES.canonicalAlerts.subject({ alerts: [alert] }), 'alerts.normalised.generic');
  });

  it('round-trips CloudEvents attributes and rejects incomplete ones', () => {
    const attrs = { id: 'x', type: 't', source: '/herald/test', time: '2026-01-01T00:00:00Z' };
    const headers = cloudEventHeaders(attrs);
    assert.deepEqual(readCloudEventAttributes((n) => headers[n]), attrs);
    const { 'ce-type': _omit, ...partial } = headers;
    assert.equal(readCloudEventAttributes((n) => partial[n]), undefined);
  });
});
