import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MESSAGES } from './messages.js';
import { STREAMS } from './streams.js';
import { cloudEventHeaders, readCloudEventAttributes } from './cloudevents.js';

describe('message registry', () => {
  it('derives subjects inside the stream that owns the family', () => {
    const cases = [
      { kind: MESSAGES.rawAlert, subject: 'alerts.raw.alertmanager' },
      { kind: MESSAGES.canonicalAlert, subject: 'alerts.normalised.grafana' },
      { kind: MESSAGES.deliveryJob, subject: 'dispatch.jobs.ops-webhook' },
    ];
    for (const { kind, subject } of cases) {
      const prefix = STREAMS[kind.stream].subjects[0]!.replace('>', '');
      assert.ok(subject.startsWith(prefix), `${subject} under ${prefix}`);
    }
    assert.equal(
      MESSAGES.rawAlert.subject({
        id: '6f9619ff-8b86-4d01-b42d-00cf4fc964ff',
        integrationId: 'i1',
        source: 'alertmanager',
        receivedAt: '2026-01-01T00:00:00Z',
        headers: {},
        body: {},
      }),
      'alerts.raw.alertmanager',
    );
  });

  it('uses the client idempotency key as the message id so retried POSTs dedupe', () => {
    const base = {
      id: '6f9619ff-8b86-4d01-b42d-00cf4fc964ff',
      integrationId: 'int-1',
      source: 'generic' as const,
      receivedAt: '2026-01-01T00:00:00Z',
      headers: {},
      body: {},
    };
    assert.equal(MESSAGES.rawAlert.id(base), base.id);
    assert.equal(MESSAGES.rawAlert.id({ ...base, idempotencyKey: 'abc' }), 'int-1:abc');
  });

  it('round-trips CloudEvents attributes and rejects incomplete ones', () => {
    const attrs = { id: 'x', type: 't', source: '/herald/test', time: '2026-01-01T00:00:00Z' };
    const headers = cloudEventHeaders(attrs);
    assert.deepEqual(readCloudEventAttributes((n) => headers[n]), attrs);
    const { 'ce-type': _omit, ...partial } = headers;
    assert.equal(readCloudEventAttributes((n) => partial[n]), undefined);
  });
});
