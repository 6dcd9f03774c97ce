import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { publishablePayload, readPayload } from './read-payload.js';
import { canonicalAlert, deliveryOutcome, incidentEventMessage } from './testing/index.js';

describe('readPayload', () => {
  const event = incidentEventMessage({ alertname: 'DiskFull' });
  const alert = canonicalAlert(1);
  const outcome = deliveryOutcome();

  it('reads the usual form as it stands: the payload is the JSON value itself, not a copy', () => {
    const cases = [
      ['incidentEvents', { events: [event] }],
      ['canonicalAlerts', { alerts: [alert] }],
      ['deliveryOutcomes', { outcomes: [outcome] }],
      ['deliveryJob', { id: `${event.event.id}.ops`, receiverId: 'ops', channel: 'webhook', createdAt: event.event.occurredAt, message: event }],
    ] as const;
    for (const [kind, json] of cases) {
      const reading = readPayload(kind, json);
      assert.ok(reading.ok, kind);
      assert.equal(reading.payload, json, `${kind}: the same object`);
    }
  });

  it("reads an earlier version's lone message through zod, as a run of one", () => {
    const cases = [
      ['incidentEvents', event, { events: [event] }],
      ['canonicalAlerts', alert, { alerts: [alert] }],
      ['deliveryOutcomes', outcome, { outcomes: [outcome] }],
    ] as const;
    for (const [kind, json, expected] of cases) assert.deepEqual(readPayload(kind, json), { ok: true, payload: expected }, kind);
  });

  it('keeps a field a newer producer added (zod would strip it), on the usual form only', () => {
    const json = { events: [{ ...event, addedLater: 1 }] };
    const reading = readPayload('incidentEvents', json);
    assert.ok(reading.ok);
    assert.equal(reading.payload, json);
  });

  it('refuses a bad body with a reason naming the fields', () => {
    const cases: Array<[Parameters<typeof readPayload>[0], unknown, RegExp]> = [
      ['incidentEvents', { events: [{ ...event, incident: { ...event.incident, id: 'not-a-uuid' } }] }, /^invalid incidentEvents: .*incident\.id/],
      ['canonicalAlerts', { alerts: [alert, canonicalAlert(2, { source: 'grafana' })] }, /^invalid canonicalAlerts: .*same source/],
      ['deliveryOutcomes', { outcomes: [] }, /^invalid deliveryOutcomes: /],
      ['deliveryJob', { receiverId: 'ops' }, /^invalid deliveryJob: .*(id|channel)/],
      ['incidentEvents', null, /^invalid incidentEvents: /],
    ];
    for (const [kind, json, reason] of cases) {
      const reading = readPayload(kind, json);
      assert.equal(reading.ok, false, String(reason));
      if (!reading.ok) assert.match(reading.reason, reason);
    }
  });
});

describe('publishablePayload', () => {
  const alert = canonicalAlert(1);

  it("sends a sender's batch that passes the compiled check as it stands, not zod's copy", () => {
    const batch = { alerts: [alert, canonicalAlert(2)] };
    assert.equal(publishablePayload('canonicalAlerts', batch), batch);
  });

  it('parses what the check refuses: an earlier form becomes the batch zod reads', () => {
    assert.deepEqual(publishablePayload('canonicalAlerts', alert as never), { alerts: [alert] });
  });

  it('refuses a bad batch, naming the field', () => {
    assert.throws(() => publishablePayload('canonicalAlerts', { alerts: [{ ...alert, severity: 'urgent' }] } as never), /severity/);
    assert.throws(() => publishablePayload('canonicalAlerts', { alerts: [alert, { ...canonicalAlert(2), source: 'grafana' }] }), /source/);
  });

  it('sends what Herald built from messages it read as it is, unchecked', () => {
    const outcomes = { outcomes: [{ ...deliveryOutcome(), attempt: -1 }] };
    assert.equal(publishablePayload('deliveryOutcomes', outcomes), outcomes);
  });
});
