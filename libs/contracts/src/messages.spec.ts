import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IncidentEvents, MAX_EVENTS_PER_MESSAGE } from './incident-events.js';
import { MESSAGES } from './messages.js';
import { incidentEventMessage } from './testing/index.js';
import { STREAMS } from './streams.js';
import { cloudEventHeaders, readCloudEventAttributes } from './cloudevents.js';

describe('message registry', () => {
  it('derives subjects inside the stream that owns the family', () => {
    const cases = [
      { kind: MESSAGES.canonicalAlerts, subject: 'alerts.normalised.grafana' },
      { kind: MESSAGES.incidentEvents, subject: 'incidents.events.relayed' },
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

  it('carries incident events in commit-order runs, one id per run, and reads a single event of earlier versions as a run of one', () => {
    const [a, b] = [incidentEventMessage(), incidentEventMessage()];
    const cases: Array<[string, unknown, string[] | 'refused']> = [
      ['a run of two', { events: [a, b] }, [a.event.id, b.event.id]],
      ['a single event, as earlier versions published it', a, [a.event.id]],
      ['an empty run', { events: [] }, 'refused'],
      ['a run over the limit', { events: Array.from({ length: MAX_EVENTS_PER_MESSAGE + 1 }, () => a) }, 'refused'],
    ];
    for (const [name, payload, expected] of cases) {
      const parsed = IncidentEvents.safeParse(payload);
      if (expected === 'refused') assert.equal(parsed.success, false, name);
      else assert.deepEqual(parsed.data?.events.map((m) => m.event.id), expected, name);
    }
    // A lone event keeps its own id (a republished event dedups against an earlier version's publish); a run gets a hash of its ids.
    assert.equal(MESSAGES.incidentEvents.id({ events: [a] }), a.event.id);
    assert.match(MESSAGES.incidentEvents.id({ events: [a, b] }), /^events\.2\.[0-9a-f]{28}$/);
    assert.notEqual(MESSAGES.incidentEvents.id({ events: [a, b] }), MESSAGES.incidentEvents.id({ events: [b, a] }));
    assert.equal(MESSAGES.incidentEvents.subject({ events: [a, b] }), 'incidents.events.relayed');
  });
});
